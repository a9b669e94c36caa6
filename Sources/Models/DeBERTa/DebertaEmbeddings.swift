import Tensors

/// `DebertaV2Embeddings`: word vectors (+ absolute positions when `position_biased_input`, + token type 0 when
/// `type_vocab_size` > 0), projected by `embed_proj` when `embedding_size` differs from the hidden size, then
/// LayerNorm, then multiplied by the attention mask (padded rows become 0).
///
/// Shapes: N = B·T rows, E = embedding width, C = channels, V = vocabulary.
public struct DebertaEmbeddings: Sendable {
    /// `[V, E]`.
    public var words: Tensor
    /// `[P, E]` when positions are added to the input.
    public var positions: Tensor?
    /// `[types, E]` when the model has token types (only type 0 is used).
    public var tokenTypes: Tensor?
    /// `embed_proj`, `[C, E]` without bias, when E ≠ C.
    public var projection: Tensor?
    public var norm: LayerNorm

    init(_ checkpoint: Checkpoint, config: ModelConfiguration, settings: DebertaSettings) {
        let shapes = WeightNames.debertaShapes(for: config, settings)
        func optional(_ name: String) -> Tensor? { shapes[name] == nil ? nil : checkpoint(name) }
        words = checkpoint("embeddings.word_embeddings.weight")
        positions = optional("embeddings.position_embeddings.weight")
        tokenTypes = optional("embeddings.token_type_embeddings.weight")
        projection = optional("embeddings.embed_proj.weight")
        norm = LayerNorm(checkpoint, "embeddings.LayerNorm", epsilon: config.layerNormEpsilon)
    }

    /// The word embeddings of each padded token, `[N, E]` (`inputs_embeds`).
    func wordVectors(_ ids: [Int]) -> Tensor {
        let e = words.shape[1]
        var out = [Float](repeating: 0, count: ids.count * e)
        for (r, id) in ids.enumerated() {
            for j in 0..<e { out[r * e + j] = words.scalars[id * e + j] }
        }
        return Tensor(shape: [ids.count, e], scalars: out)
    }

    /// What the backward pass needs.
    struct Cache: Sendable {
        var norm: LayerNorm.Cache
        /// 1 for real tokens, 0 for padding, `[N]`.
        var mask: [Float]
    }

    /// `h₀ = LN(proj(inputs_embeds + positions + types)) ⊙ mask`: `[N, E]` → `[N, C]`.
    func forward(inputsEmbeds: Tensor, batch: TokenBatch, keepCache: Bool) -> (Tensor, Cache?) {
        let e = words.shape[1]
        let (b, t) = (batch.count, batch.length)
        var sum = inputsEmbeds.scalars  // [N, E]
        for s in 0..<b {
            for i in 0..<t {
                let row = (s * t + i) * e
                // position_ids = arange(T): padding never shifts them.
                if let positions { for j in 0..<e { sum[row + j] += positions.scalars[i * e + j] } }
                if let tokenTypes { for j in 0..<e { sum[row + j] += tokenTypes.scalars[j] } }
            }
        }
        var x = Tensor(shape: [b * t, e], scalars: sum)
        if let projection { x = Linear(weight: projection, bias: Tensor(zeros: [projection.shape[0]])).forward(x) }
        var (hidden, normCache) = norm.forward(x, keepCache: keepCache)
        let mask = Self.mask(batch)
        let c = hidden.count / (b * t)
        for r in 0..<(b * t) where mask[r] == 0 {
            for j in 0..<c { hidden.scalars[r * c + j] = 0 }
        }
        return (hidden, normCache.map { Cache(norm: $0, mask: mask) })
    }

    /// Backward from `dHidden[N, C]` to `inputs_embeds[N, E]`.
    func backward(_ dHidden: Tensor, cache: Cache) -> Tensor {
        // h₀ = LN(x) ⊙ mask
        var dNormalized = dHidden
        dNormalized.multiply(cache.mask.flatMap { Array(repeating: $0, count: dHidden.count / cache.mask.count) })
        let dX = norm.backwardInput(dNormalized, cache: cache.norm)  // [N, C]
        // x = sum · Pᵀ  ⇒  dSum = dX · P; the additions pass the gradient through unchanged.
        guard let projection else { return dX }
        return Linear(weight: projection, bias: Tensor(zeros: [projection.shape[0]])).backwardInput(dX)
    }

    /// 1 for the real tokens of each sequence and 0 for padding, `[B·T]`.
    static func mask(_ batch: TokenBatch) -> [Float] {
        (0..<batch.count).flatMap { s in
            (0..<batch.length).map { $0 < batch.length(of: s) ? Float(1) : 0 }
        }
    }
}
