import Tensors

/// One post-norm transformer encoder layer (BERT, RoBERTa and DistilBERT share the structure):
///
/// ```
/// a = SelfAttention(x)               // BertSelfAttention
/// h = LayerNorm₁(x + a · Woᵀ + bo)    // BertSelfOutput / sa_layer_norm
/// f = act(h · W₁ᵀ + b₁)               // BertIntermediate / ffn.lin1
/// y = LayerNorm₂(h + f · W₂ᵀ + b₂)    // BertOutput / output_layer_norm
/// ```
/// Shapes: N = rows (B·T), C = channels, I = intermediate width.
public struct EncoderLayer: Sendable {
    public var attention: SelfAttention
    public var attentionOutput: Linear
    public var attentionNorm: LayerNorm
    public var intermediate: Linear
    public var output: Linear
    public var outputNorm: LayerNorm
    public let activation: Activation

    /// What the backward pass needs from the forward pass.
    public struct Cache: Sendable {
        var attention: SelfAttention.Cache
        var attentionNorm: LayerNorm.Cache
        /// The activation's derivative at the pre-activation `h · W₁ᵀ + b₁`, `[R, I]`.
        var activationSlopes: [Float]
        /// The rows kept after attention (`firstRowsOnly`), nil for all.
        var rows: [Int]?
        var outputNorm: LayerNorm.Cache
    }

    init(_ checkpoint: Checkpoint, layer: Int, config: ModelConfiguration) {
        let names = WeightNames.layerNames(layer, config.architecture)
        attention = SelfAttention(
            query: Linear(checkpoint, names.query), key: Linear(checkpoint, names.key),
            value: Linear(checkpoint, names.value), headCount: config.headCount)
        attentionOutput = Linear(checkpoint, names.attentionOutput)
        attentionNorm = LayerNorm(checkpoint, names.attentionNorm, epsilon: config.layerNormEpsilon)
        intermediate = Linear(checkpoint, names.intermediate)
        output = Linear(checkpoint, names.output)
        outputNorm = LayerNorm(checkpoint, names.outputNorm, epsilon: config.layerNormEpsilon)
        activation = config.activation
    }

    /// `x[N, C]` → `y[N, C]`, with the layer's attention probabilities `[B, H, T, T]`.
    ///
    /// With `firstRowsOnly` (the last layer of a classifier, whose head reads only each sequence's first token)
    /// everything after attention runs on those B rows alone and `y` is `[B, C]`; the attention maps stay whole.
    ///
    /// With `summarize`, `summaries` holds the attention row summaries `[B, H, T, AttentionRowSummary.count]` (see
    /// `SelfAttention`). Without `keepProbabilities`, `probabilities` is empty (see `SelfAttention.forward`).
    func forward(
        _ x: Tensor, batch: TokenBatch, keepCache: Bool, perturbation: AttentionPerturbation? = nil,
        firstRowsOnly: Bool = false, summarize: Bool = false, keepProbabilities: Bool = true
    ) -> (output: Tensor, probabilities: Tensor, cache: Cache?, summaries: Tensor) {
        let (fullContext, probabilities, attentionCache, summaries) = attention.forward(
            x, batch: batch, keepCache: keepCache, perturbation: perturbation, summarize: summarize,
            contextRows: firstRowsOnly ? 1 : nil, keepProbabilities: keepProbabilities)
        let rows = firstRowsOnly ? (0..<batch.count).map { $0 * batch.length } : nil
        let context = rows.map { fullContext.gatheringRows($0) } ?? fullContext  // [R, C]
        let kept = rows.map { x.gatheringRows($0) } ?? x  // [R, C]
        var residual = attentionOutput.forward(context)  // [R, C]
        residual.add(kept)
        let (h, norm1) = attentionNorm.forward(residual, keepCache: keepCache)  // [N, C]
        var activated = intermediate.forward(h)  // [N, I]: the pre-activation, activated in place below
        var slopes: [Float] = []
        if keepCache {
            slopes = activation.applyKeepingSlopes(&activated.scalars)
        } else {
            activation.apply(&activated.scalars)
        }
        var residual2 = output.forward(activated)  // [N, C]
        residual2.add(h)
        let (y, norm2) = outputNorm.forward(residual2, keepCache: keepCache)
        var cache: Cache?
        if keepCache, let attentionCache, let norm1, let norm2 {
            cache = Cache(
                attention: attentionCache, attentionNorm: norm1, activationSlopes: slopes, rows: rows,
                outputNorm: norm2)
        }
        return (y, probabilities, cache, summaries)
    }

    /// Backward from `dOutput` (`[N, C]`, or `[B, C]` for a `firstRowsOnly` forward pass) to the input `[N, C]`,
    /// also returning ∂L/∂A `[B, H, T, T]` (empty unless `keepAttentionGradients`; `visit` sees each head's
    /// either way, see `SelfAttention.backward`).
    public func backward(
        _ dOutput: Tensor, probabilities: Tensor, cache: Cache, batch: TokenBatch, keepAttentionGradients: Bool = true,
        visit: SelfAttention.HeadVisit? = nil
    ) -> (dInput: Tensor, dProbabilities: Tensor) {
        // y = LN₂(h + f·W₂ᵀ + b₂)
        let dResidual2 = outputNorm.backwardInput(dOutput, cache: cache.outputNorm)
        var dH = dResidual2
        let dActivated = output.backwardInput(dResidual2)  // [N, I]
        // f = act(pre)
        var dPre = dActivated
        dPre.multiply(cache.activationSlopes)
        // pre = h·W₁ᵀ + b₁
        intermediate.backwardInput(dPre, addingTo: &dH)
        // h = LN₁(x + context·Woᵀ + bo)
        let dResidual1 = attentionNorm.backwardInput(dH, cache: cache.attentionNorm)  // [R, C]
        let allRows = batch.count * batch.length
        let dContext = attentionOutput.backwardInput(dResidual1)
        // Only the first query row of each sequence carries gradient when the rows were cut after attention.
        var (dInput, dProbabilities) = attention.backward(
            cache.rows.map { dContext.scatteringRows($0, count: allRows) } ?? dContext, probabilities: probabilities,
            cache: cache.attention, batch: batch, rowsWithGradient: cache.rows == nil ? nil : 1,
            keepGradients: keepAttentionGradients, visit: visit)
        let dResidual = cache.rows.map { dResidual1.scatteringRows($0, count: allRows) } ?? dResidual1  // [N, C]
        dInput.add(dResidual)
        return (dInput, dProbabilities)
    }
}
