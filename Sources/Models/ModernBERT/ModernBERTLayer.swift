import Tensors

/// One pre-norm ModernBERT encoder layer (`ModernBertEncoderLayer`) with its GeGLU feed-forward (`ModernBertMLP`):
///
/// ```
/// a = Attention(attn_norm(x))            attn_norm is the identity in the first layer
/// h = x + a
/// [u | g] = mlp_norm(h) · Wiᵀ (+ bi)      Wi makes 2I: the first half is activated, the second gates it
/// y = h + (act(u) ⊙ g) · Woᵀ (+ bo)
/// ```
/// Dropout is the identity at inference. Shapes: N = rows (B·T), C = channels, I = intermediate width.
public struct ModernBERTLayer: Sendable {
    /// `attn_norm`; nil in the first layer (`nn.Identity`).
    public var attentionNorm: LayerNorm?
    public var attention: ModernBERTAttention
    public var mlpNorm: LayerNorm
    /// `mlp.Wi`, `[2I, C]`.
    public var mlpInput: Linear
    /// `mlp.Wo`, `[C, I]`.
    public var mlpOutput: Linear
    public let activation: Activation

    /// What the backward pass needs.
    public struct Cache: Sendable {
        var attentionNorm: LayerNorm.Cache?
        var attention: ModernBERTAttention.Cache
        var mlpNorm: LayerNorm.Cache
        /// act(u), `[N, I]`.
        var activated: [Float]
        /// act′(u), `[N, I]`.
        var slopes: [Float]
        /// The gate g, `[N, I]`.
        var gate: [Float]
    }

    /// `x[N, C]` → `y[N, C]`, with the attention probabilities `[B, H, T, T]` and row summaries (see
    /// `ModernBERTAttention.forward`).
    func forward(
        _ x: Tensor, batch: TokenBatch, keepCache: Bool, perturbation: AttentionPerturbation?, summarize: Bool,
        keepProbabilities: Bool
    ) -> (output: Tensor, probabilities: Tensor, cache: Cache?, summaries: Tensor) {
        let (normed, normCache) = attentionNorm.map { $0.forward(x, keepCache: keepCache) } ?? (x, nil)
        let (a, probabilities, attentionCache, summaries) = attention.forward(
            normed, batch: batch, keepCache: keepCache, perturbation: perturbation, summarize: summarize,
            keepProbabilities: keepProbabilities)
        var h = a
        h.add(x)  // [N, C]
        let (m, mlpNormCache) = mlpNorm.forward(h, keepCache: keepCache)
        let wide = mlpInput.forward(m)  // [N, 2I] = [u | g] per row
        let i = mlpOutput.inputSize
        let rows = wide.count / (2 * i)
        var activated = [Float](overwrittenCount: rows * i)  // u, then act(u)
        var gate = [Float](overwrittenCount: rows * i)
        wide.scalars.withUnsafeBufferPointer { w in
            for r in 0..<rows {
                for j in 0..<i {
                    activated[r * i + j] = w[r * 2 * i + j]
                    gate[r * i + j] = w[r * 2 * i + i + j]
                }
            }
        }
        var slopes: [Float] = []
        if keepCache {
            slopes = activation.applyKeepingSlopes(&activated)
        } else {
            activation.apply(&activated)
        }
        var product = activated  // act(u) ⊙ g, [N, I]
        for j in product.indices { product[j] *= gate[j] }
        var y = mlpOutput.forward(Tensor(shape: [rows, i], scalars: product))
        y.add(h)
        var cache: Cache?
        if keepCache, let attentionCache, let mlpNormCache {
            cache = Cache(
                attentionNorm: normCache, attention: attentionCache, mlpNorm: mlpNormCache, activated: activated,
                slopes: slopes, gate: gate)
        }
        return (y, probabilities, cache, summaries)
    }

    /// Backward from `dOutput[N, C]` to the input `[N, C]`, with ∂L/∂A `[B, H, T, T]` (empty unless
    /// `keepAttentionGradients`; `visit` sees each head's either way).
    func backward(
        _ dOutput: Tensor, probabilities: Tensor, cache: Cache, batch: TokenBatch, keepAttentionGradients: Bool,
        visit: SelfAttention.HeadVisit?
    ) -> (dInput: Tensor, dProbabilities: Tensor) {
        // y = h + (act(u) ⊙ g) · Woᵀ + bo
        var dH = dOutput  // [N, C]
        let dProduct = mlpOutput.backwardInput(dOutput)  // [N, I]
        let i = mlpOutput.inputSize
        let rows = dProduct.count / i
        // [u | g] = m · Wiᵀ + bi:  du = dP ⊙ g ⊙ act′(u), dg = dP ⊙ act(u)
        var dWide = [Float](overwrittenCount: rows * 2 * i)  // [N, 2I]
        dProduct.scalars.withUnsafeBufferPointer { dp in
            for r in 0..<rows {
                for j in 0..<i {
                    let index = r * i + j
                    dWide[r * 2 * i + j] = dp[index] * cache.gate[index] * cache.slopes[index]
                    dWide[r * 2 * i + i + j] = dp[index] * cache.activated[index]
                }
            }
        }
        let dM = mlpInput.backwardInput(Tensor(shape: [rows, 2 * i], scalars: dWide))  // [N, C]
        // m = mlp_norm(h)
        dH.add(mlpNorm.backwardInput(dM, cache: cache.mlpNorm))
        // h = x + Attention(attn_norm(x))
        let (dNormed, dProbabilities) = attention.backward(
            dH, probabilities: probabilities, cache: cache.attention, batch: batch,
            keepGradients: keepAttentionGradients, visit: visit)
        var dInput = dH
        if let attentionNorm, let normCache = cache.attentionNorm {
            dInput.add(attentionNorm.backwardInput(dNormed, cache: normCache))
        } else {
            dInput.add(dNormed)
        }
        return (dInput, dProbabilities)
    }
}
