import Tensors

/// One DeBERTa-v2 encoder layer (`DebertaV2Layer`), post-norm like BERT's but with disentangled attention:
///
/// ```
/// a = DisentangledSelfAttention(x) · Woᵀ + bo     // DebertaV2SelfOutput.dense
/// h = LayerNorm₁(x + a)
/// f = act(h · W₁ᵀ + b₁)                           // DebertaV2Intermediate
/// y = LayerNorm₂(h + f · W₂ᵀ + b₂)                // DebertaV2Output
/// ```
/// Inference only (dropout is the identity). Shapes: N = B·T rows, C channels, I intermediate width.
public struct DebertaLayer: Sendable {
    public var attention: DisentangledSelfAttention
    public var attentionOutput: Linear
    public var attentionNorm: LayerNorm
    public var intermediate: Linear
    public var output: Linear
    public var outputNorm: LayerNorm
    public let activation: Activation

    init(_ checkpoint: Checkpoint, layer: Int, config: ModelConfiguration, settings: DebertaSettings) {
        let names = WeightNames.layerNames(layer, .debertaV2)
        attention = DisentangledSelfAttention(checkpoint, layer: layer, config: config, settings: settings)
        attentionOutput = Linear(checkpoint, names.attentionOutput)
        attentionNorm = LayerNorm(checkpoint, names.attentionNorm, epsilon: config.layerNormEpsilon)
        intermediate = Linear(checkpoint, names.intermediate)
        output = Linear(checkpoint, names.output)
        outputNorm = LayerNorm(checkpoint, names.outputNorm, epsilon: config.layerNormEpsilon)
        activation = config.activation
    }

    /// What the backward pass needs.
    struct Cache: Sendable {
        var attention: DisentangledSelfAttention.Cache
        var attentionNorm: LayerNorm.Cache
        /// act′ at the pre-activation, `[N, I]`.
        var activationSlopes: [Float]
        var outputNorm: LayerNorm.Cache
    }

    /// `x[N, C]` → `y[N, C]`, with the probabilities `[B, H, T, T]` and row summaries (see
    /// `DisentangledSelfAttention.forward`).
    func forward(
        _ x: Tensor, batch: TokenBatch, table: Tensor?, positions: RelativePositions?, keepCache: Bool,
        perturbation: AttentionPerturbation?, summarize: Bool, keepProbabilities: Bool
    ) -> (output: Tensor, probabilities: Tensor, cache: Cache?, summaries: Tensor) {
        let (context, probabilities, attentionCache, summaries) = attention.forward(
            x, batch: batch, table: table, positions: positions, keepCache: keepCache, perturbation: perturbation,
            summarize: summarize, keepProbabilities: keepProbabilities)
        var residual = attentionOutput.forward(context)  // [N, C]
        residual.add(x)
        let (h, norm1) = attentionNorm.forward(residual, keepCache: keepCache)
        var activated = intermediate.forward(h)  // [N, I]
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
        if let attentionCache, let norm1, let norm2 {
            cache = Cache(attention: attentionCache, attentionNorm: norm1, activationSlopes: slopes, outputNorm: norm2)
        }
        return (y, probabilities, cache, summaries)
    }

    /// Backward from `dOutput[N, C]` to `x[N, C]`, with ∂L/∂P `[B, H, T, T]` (empty unless kept).
    func backward(
        _ dOutput: Tensor, probabilities: Tensor, cache: Cache, batch: TokenBatch, positions: RelativePositions?,
        keepAttentionGradients: Bool, visit: SelfAttention.HeadVisit?
    ) -> (dInput: Tensor, dProbabilities: Tensor) {
        // y = LN₂(h + f·W₂ᵀ + b₂)
        let dResidual2 = outputNorm.backwardInput(dOutput, cache: cache.outputNorm)  // [N, C]
        var dH = dResidual2
        var dPre = output.backwardInput(dResidual2)  // [N, I]
        // f = act(pre)
        dPre.multiply(cache.activationSlopes)
        // pre = h·W₁ᵀ + b₁
        intermediate.backwardInput(dPre, addingTo: &dH)
        // h = LN₁(x + a)
        let dResidual1 = attentionNorm.backwardInput(dH, cache: cache.attentionNorm)  // [N, C]
        // a = context·Woᵀ + bo
        let dContext = attentionOutput.backwardInput(dResidual1)
        var (dInput, dProbabilities) = attention.backward(
            dContext, probabilities: probabilities, cache: cache.attention, batch: batch, positions: positions,
            keepGradients: keepAttentionGradients, visit: visit)
        dInput.add(dResidual1)
        return (dInput, dProbabilities)
    }
}
