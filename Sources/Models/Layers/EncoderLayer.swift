import Tensors

/// One post-norm transformer encoder layer (BERT, RoBERTa and DistilBERT share the structure):
///
/// ```
/// a = dropout(SelfAttention(x) · Woᵀ + bo)    // BertSelfAttention + BertSelfOutput (DistilBERT: no dropout)
/// h = LayerNorm₁(x + a)                       // BertSelfOutput / sa_layer_norm
/// f = act(h · W₁ᵀ + b₁)                       // BertIntermediate / ffn.lin1
/// o = dropout(f · W₂ᵀ + b₂)                   // BertOutput / ffn.lin2 + FFN.dropout
/// y = LayerNorm₂(h + o)                       // BertOutput / output_layer_norm
/// ```
/// Dropout (here and on the attention probabilities) acts only in training, when `forward` is given a
/// `TrainingContext`; `backward` then also records every weight's gradient in a `GradientSink`.
/// Shapes: N = rows (B·T), R = rows after attention (N, or B in a classifier's last layer), C = channels,
/// I = intermediate width.
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
        /// Dropout masks after the attention output and the feed-forward output, `[R, C]` each (empty outside
        /// training).
        var attentionOutputDropout = DropoutMask.none
        var outputDropout = DropoutMask.none
        /// The inputs of the linear layers, for their weight gradients (training only): the attention context
        /// `[R, C]`, `h[R, C]` and `f[R, I]`.
        var weightInputs: (context: Tensor, h: Tensor, f: Tensor)?
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
    ///
    /// With `training`, dropout masks are drawn from it (probabilities, attention output, feed-forward output, in
    /// that order) and the cache also keeps what the weight gradients need; it needs `keepCache`.
    func forward(
        _ x: Tensor, batch: TokenBatch, keepCache: Bool, perturbation: AttentionPerturbation? = nil,
        firstRowsOnly: Bool = false, summarize: Bool = false, keepProbabilities: Bool = true,
        training: TrainingContext? = nil
    ) -> (output: Tensor, probabilities: Tensor, cache: Cache?, summaries: Tensor) {
        let (fullContext, probabilities, attentionCache, summaries) = attention.forward(
            x, batch: batch, keepCache: keepCache, perturbation: perturbation, summarize: summarize,
            contextRows: firstRowsOnly ? 1 : nil, keepProbabilities: keepProbabilities, training: training)
        let rows = firstRowsOnly ? (0..<batch.count).map { $0 * batch.length } : nil
        let context = rows.map { fullContext.gatheringRows($0) } ?? fullContext  // [R, C]
        let kept = rows.map { x.gatheringRows($0) } ?? x  // [R, C]
        var residual = attentionOutput.forward(context)  // [R, C]: a, dropped out in training
        let attentionOutputDropout =
            training.map { $0.mask(rate: $0.attentionOutputRate, count: residual.count) } ?? .none
        attentionOutputDropout.apply(&residual.scalars)
        residual.add(kept)
        let (h, norm1) = attentionNorm.forward(residual, keepCache: keepCache)  // [R, C]
        var activated = intermediate.forward(h)  // [R, I]: the pre-activation, activated in place below
        var slopes: [Float] = []
        if keepCache {
            slopes = activation.applyKeepingSlopes(&activated.scalars)
        } else {
            activation.apply(&activated.scalars)
        }
        var residual2 = output.forward(activated)  // [R, C]: o, dropped out in training
        let outputDropout = training.map { $0.mask(rate: $0.rates.hidden, count: residual2.count) } ?? .none
        outputDropout.apply(&residual2.scalars)
        residual2.add(h)
        let (y, norm2) = outputNorm.forward(residual2, keepCache: keepCache)
        var cache: Cache?
        if keepCache, let attentionCache, let norm1, let norm2 {
            cache = Cache(
                attention: attentionCache, attentionNorm: norm1, activationSlopes: slopes, rows: rows,
                outputNorm: norm2, attentionOutputDropout: attentionOutputDropout, outputDropout: outputDropout,
                weightInputs: training == nil ? nil : (context, h, activated))
        }
        return (y, probabilities, cache, summaries)
    }

    /// Backward from `dOutput` (`[N, C]`, or `[B, C]` for a `firstRowsOnly` forward pass) to the input `[N, C]`,
    /// also returning ∂L/∂A `[B, H, T, T]` (empty unless `keepAttentionGradients`; `visit` sees each head's
    /// either way, see `SelfAttention.backward`). With `gradients` (after a training forward pass), every weight's
    /// gradient is recorded in the sink under the layer's `names`.
    public func backward(
        _ dOutput: Tensor, probabilities: Tensor, cache: Cache, batch: TokenBatch, keepAttentionGradients: Bool = true,
        visit: SelfAttention.HeadVisit? = nil, gradients: (sink: GradientSink, names: WeightNames.LayerNames)? = nil
    ) -> (dInput: Tensor, dProbabilities: Tensor) {
        let weightInputs = gradients.map { _ in
            guard let inputs = cache.weightInputs else { preconditionFailure("weight gradients need a training cache") }
            return inputs
        }
        // y = LN₂(h + o)
        let dResidual2 = outputNorm.backwardInput(dOutput, cache: cache.outputNorm)  // [R, C]
        if let gradients {
            outputNorm.recordGradients(
                dOutput, cache: cache.outputNorm, into: gradients.sink, name: gradients.names.outputNorm)
        }
        var dH = dResidual2
        // o = dropout(f·W₂ᵀ + b₂)
        var dO = dResidual2
        cache.outputDropout.apply(&dO.scalars)
        if let gradients, let weightInputs {
            output.recordGradients(dO, input: weightInputs.f, into: gradients.sink, name: gradients.names.output)
        }
        let dActivated = output.backwardInput(dO)  // [R, I]
        // f = act(pre)
        var dPre = dActivated
        dPre.multiply(cache.activationSlopes)
        // pre = h·W₁ᵀ + b₁
        if let gradients, let weightInputs {
            intermediate.recordGradients(
                dPre, input: weightInputs.h, into: gradients.sink, name: gradients.names.intermediate)
        }
        intermediate.backwardInput(dPre, addingTo: &dH)
        // h = LN₁(x + a)
        let dResidual1 = attentionNorm.backwardInput(dH, cache: cache.attentionNorm)  // [R, C]
        if let gradients {
            attentionNorm.recordGradients(
                dH, cache: cache.attentionNorm, into: gradients.sink, name: gradients.names.attentionNorm)
        }
        // a = dropout(context·Woᵀ + bo)
        var dA = dResidual1
        cache.attentionOutputDropout.apply(&dA.scalars)
        if let gradients, let weightInputs {
            attentionOutput.recordGradients(
                dA, input: weightInputs.context, into: gradients.sink, name: gradients.names.attentionOutput)
        }
        let allRows = batch.count * batch.length
        let dContext = attentionOutput.backwardInput(dA)
        // Only the first query row of each sequence carries gradient when the rows were cut after attention.
        var (dInput, dProbabilities) = attention.backward(
            cache.rows.map { dContext.scatteringRows($0, count: allRows) } ?? dContext, probabilities: probabilities,
            cache: cache.attention, batch: batch, rowsWithGradient: cache.rows == nil ? nil : 1,
            keepGradients: keepAttentionGradients, visit: visit, gradients: gradients)
        let dResidual = cache.rows.map { dResidual1.scatteringRows($0, count: allRows) } ?? dResidual1  // [N, C]
        dInput.add(dResidual)
        return (dInput, dProbabilities)
    }
}
