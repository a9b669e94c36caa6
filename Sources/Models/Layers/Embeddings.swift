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
                case .bert, .distilbert, .modernbert:
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

    /// What the backward pass needs.
    public struct Cache: Sendable {
        var norm: LayerNorm.Cache
        /// The dropout mask after LayerNorm, `[N, C]` (empty outside training).
        var dropout: DropoutMask
        /// Each token's position index `[N]`, for the position table's gradient.
        var positionIDs: [Int]
    }

    /// `h₀ = dropout(LN(inputs_embeds + positions + types))`: `inputs_embeds[N, C]` → `[N, C]` (dropout only with
    /// `training`, which needs `keepCache`).
    func forward(
        inputsEmbeds: Tensor, ids: [Int], batch: TokenBatch, keepCache: Bool, training: TrainingContext? = nil
    ) -> (Tensor, Cache?) {
        let c = words.shape[1]
        var sum = inputsEmbeds.scalars  // [N, C]
        let positionIDs = positionIDs(ids, batch: batch)
        for r in 0..<ids.count {
            let p = positionIDs[r]
            for j in 0..<c {
                sum[r * c + j] += positions.scalars[p * c + j] + (tokenTypes?.scalars[j] ?? 0)
            }
        }
        var (hidden, normCache) = norm.forward(Tensor(shape: [ids.count, c], scalars: sum), keepCache: keepCache)
        let dropout = training.map { $0.mask(rate: $0.rates.hidden, count: hidden.count) } ?? .none
        dropout.apply(&hidden.scalars)
        return (hidden, normCache.map { Cache(norm: $0, dropout: dropout, positionIDs: positionIDs) })
    }

    /// Backward from `dHidden[N, C]` to `inputs_embeds[N, C]`; with a sink (training) it also records the
    /// LayerNorm's and the three tables' gradients. The tables' rows are scatter-added (padding tokens give the
    /// word table no gradient, as `nn.Embedding(padding_idx:)`; RoBERTa's padding position neither).
    func backward(_ dHidden: Tensor, cache: Cache, ids: [Int], sink: GradientSink?) -> Tensor {
        // h₀ = dropout(LN(sum))
        var dNormalized = dHidden
        cache.dropout.apply(&dNormalized.scalars)
        let dSum = norm.backwardInput(dNormalized, cache: cache.norm)  // [N, C]
        guard let sink else { return dSum }
        norm.recordGradients(dNormalized, cache: cache.norm, into: sink, name: "embeddings.LayerNorm")
        // sum = words[ids] + positions[pos] + types[0]
        let c = words.shape[1]
        var dWords = Tensor(zeros: words.shape)
        var dPositions = Tensor(zeros: positions.shape)
        var dTypes = tokenTypes.map { Tensor(zeros: $0.shape) }
        dSum.scalars.withUnsafeBufferPointer { d in
            for r in 0..<ids.count {
                let row = d.baseAddress! + r * c
                if ids[r] != padTokenID {
                    dWords.scalars.withUnsafeMutableBufferPointer {
                        RowMath.add(row, to: $0.baseAddress! + ids[r] * c, count: c)
                    }
                }
                let p = cache.positionIDs[r]
                if architecture != .roberta || p != padTokenID {
                    dPositions.scalars.withUnsafeMutableBufferPointer {
                        RowMath.add(row, to: $0.baseAddress! + p * c, count: c)
                    }
                }
                dTypes?.scalars.withUnsafeMutableBufferPointer { RowMath.add(row, to: $0.baseAddress!, count: c) }
            }
        }
        sink.record("embeddings.word_embeddings.weight", dWords)
        sink.record("embeddings.position_embeddings.weight", dPositions)
        if let dTypes { sink.record("embeddings.token_type_embeddings.weight", dTypes) }
        return dSum
    }
}
