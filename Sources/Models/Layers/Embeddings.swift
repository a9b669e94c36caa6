import Tensors

/// Token + position (+ token-type) embeddings followed by LayerNorm, as each family defines them.
///
/// RoBERTa numbers positions from `padding_idx + 1` and gives padding tokens position `padding_idx`
/// (`create_position_ids_from_input_ids`); BERT and DistilBERT number from 0. Token types are all 0.
/// Shapes: B = sequences, T = padded length, N = B·T, C = channels, V = vocabulary.
public struct Embeddings: Sendable {
    /// `[V, C]`.
    public var words: Tensor
    /// `[P, C]`.
    public var positions: Tensor
    /// `[types, C]`, absent for DistilBERT.
    public var tokenTypes: Tensor?
    public var norm: LayerNorm
    public let architecture: Architecture
    public let padTokenID: Int

    init(_ checkpoint: Checkpoint, config: ModelConfiguration) {
        words = checkpoint("embeddings.word_embeddings.weight")
        positions = checkpoint("embeddings.position_embeddings.weight")
        tokenTypes = config.architecture == .distilbert ? nil : checkpoint("embeddings.token_type_embeddings.weight")
        norm = LayerNorm(checkpoint, "embeddings.LayerNorm", epsilon: config.layerNormEpsilon)
        architecture = config.architecture
        padTokenID = config.padTokenID
    }

    /// Position index of every padded token, `[B·T]`.
    func positionIDs(_ ids: [Int], batch: TokenBatch) -> [Int] {
        let t = batch.length
        var result = [Int](repeating: 0, count: ids.count)
        for s in 0..<batch.count {
            var running = 0
            for i in 0..<t {
                let id = ids[s * t + i]
                switch architecture {
                case .roberta:
                    if id != padTokenID { running += 1 }
                    result[s * t + i] = id != padTokenID ? running + padTokenID : padTokenID
                case .bert, .distilbert:
                    result[s * t + i] = i
                }
            }
        }
        return result
    }

    /// The word embeddings of each padded token, `[N, C]` — the "inputs_embeds" gradients are taken against.
    func wordVectors(_ ids: [Int]) -> Tensor {
        let c = words.shape[1]
        var out = [Float](repeating: 0, count: ids.count * c)
        for (r, id) in ids.enumerated() {
            for j in 0..<c { out[r * c + j] = words.scalars[id * c + j] }
        }
        return Tensor(shape: [ids.count, c], scalars: out)
    }

    /// `inputs_embeds[N, C]` plus position and type vectors, then LayerNorm.
    func forward(inputsEmbeds: Tensor, ids: [Int], batch: TokenBatch, keepCache: Bool) -> (Tensor, LayerNorm.Cache?) {
        let c = words.shape[1]
        var sum = inputsEmbeds.scalars
        let positionIDs = positionIDs(ids, batch: batch)
        for r in 0..<ids.count {
            let p = positionIDs[r]
            for j in 0..<c {
                sum[r * c + j] += positions.scalars[p * c + j] + (tokenTypes?.scalars[j] ?? 0)
            }
        }
        return norm.forward(Tensor(shape: [ids.count, c], scalars: sum), keepCache: keepCache)
    }
}
