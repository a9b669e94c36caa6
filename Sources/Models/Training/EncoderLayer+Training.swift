import Tensors

/// One encoder layer in training mode: dropout where `transformers` applies it and gradients for every
/// weight. Shapes: N = rows (B·T), C = channels, I = intermediate width.
///
/// ```
/// a = dropout(SelfAttention(x) · Woᵀ + bo)     // BertSelfOutput (DistilBERT: no dropout here)
/// h = LayerNorm₁(x + a)
/// f = act(h · W₁ᵀ + b₁)
/// o = dropout(f · W₂ᵀ + b₂)                    // BertOutput / FFN.dropout
/// y = LayerNorm₂(h + o)
/// ```
/// In the last layer only each sequence's first row reaches the head, so everything after attention can run on
/// those B rows alone (`firstRowsOnly`); keys and values still come from every row.
extension EncoderLayer {
    /// What the training backward pass needs.
    struct TrainingCache {
        var attention: SelfAttention.TrainingCache
        /// Attention context `[R, C]` (input of Wo); R = N, or B with `firstRowsOnly`.
        var context: Tensor
        /// The rows kept after attention (`firstRowsOnly`), nil for all.
        var rows: [Int]?
        var attentionMask: [UInt8]
        var attentionNorm: LayerNorm.Cache
        /// LayerNorm₁ output `[N, C]` (input of W₁).
        var normalized: Tensor
        /// The activation's derivative at the pre-activation, `[N, I]`.
        var activationSlopes: [Float]
        /// The activation `[N, I]` (input of W₂).
        var activated: Tensor
        var outputMask: [UInt8]
        var outputNorm: LayerNorm.Cache
    }

    /// `x[N, C]` → `y[N, C]` (or `y[B, C]`, each sequence's first row, with `firstRowsOnly`) with dropout
    /// masks drawn from `generator`.
    func forwardTraining(
        _ x: Tensor, batch: TokenBatch, rates: DropoutRates, architecture: Architecture,
        generator: inout SeededGenerator, firstRowsOnly: Bool = false
    ) -> (output: Tensor, cache: TrainingCache) {
        let hidden = Dropout(rate: rates.hidden)
        let attentionDropout = Dropout(rate: architecture == .distilbert ? 0 : rates.hidden)
        let (fullContext, attentionCache) = attention.forwardTraining(
            x, batch: batch, dropout: Dropout(rate: rates.attention), generator: &generator)
        let rows = firstRowsOnly ? (0..<batch.count).map { $0 * batch.length } : nil
        let context = rows.map { fullContext.gatheringRows($0) } ?? fullContext  // [R, C]
        let x = rows.map { x.gatheringRows($0) } ?? x  // [R, C]
        var a = attentionOutput.forward(context)  // [R, C]
        let attentionMask = attentionDropout.mask(count: a.count, using: &generator)
        attentionDropout.apply(&a.scalars, mask: attentionMask)
        a.add(x)
        let (h, norm1) = attentionNorm.forward(a, keepCache: true)  // [N, C]
        var f = intermediate.forward(h)  // [N, I]: the pre-activation, activated in place
        let slopes = activation.applyKeepingSlopes(&f.scalars)
        var o = output.forward(f)  // [N, C]
        let outputMask = hidden.mask(count: o.count, using: &generator)
        hidden.apply(&o.scalars, mask: outputMask)
        o.add(h)
        let (y, norm2) = outputNorm.forward(o, keepCache: true)
        guard let norm1, let norm2 else { preconditionFailure("LayerNorm returned no cache with keepCache") }
        let cache = TrainingCache(
            attention: attentionCache, context: context, rows: rows, attentionMask: attentionMask, attentionNorm: norm1,
            normalized: h, activationSlopes: slopes, activated: f, outputMask: outputMask, outputNorm: norm2)
        return (y, cache)
    }

    /// Backward from `dOutput[N, C]`: returns `dInput[N, C]` and records every weight's gradient under
    /// `names` (see `WeightNames.layerNames`).
    func backwardTraining(
        _ dOutput: Tensor, cache: TrainingCache, batch: TokenBatch, rates: DropoutRates,
        architecture: Architecture, names: WeightNames.LayerNames, into gradients: inout ParameterGradients
    ) -> Tensor {
        let hidden = Dropout(rate: rates.hidden)
        let attentionDropout = Dropout(rate: architecture == .distilbert ? 0 : rates.hidden)
        // y = LN₂(h + o)
        let n2 = outputNorm.backward(dOutput, cache: cache.outputNorm)
        gradients.set(names.outputNorm, n2.dWeight, n2.dBias)
        var dH = n2.dInput
        // o = dropout(f·W₂ᵀ + b₂)
        var dO = n2.dInput
        hidden.apply(&dO.scalars, mask: cache.outputMask)
        let g2 = output.backward(dOutput: dO, input: cache.activated)
        gradients.set(names.output, g2.dWeight, g2.dBias)
        // f = act(pre)
        var dPre = g2.dInput
        dPre.multiply(cache.activationSlopes)
        // pre = h·W₁ᵀ + b₁
        let g1 = intermediate.backward(dOutput: dPre, input: cache.normalized)
        gradients.set(names.intermediate, g1.dWeight, g1.dBias)
        dH.add(g1.dInput)
        // h = LN₁(x + a)
        let n1 = attentionNorm.backward(dH, cache: cache.attentionNorm)
        gradients.set(names.attentionNorm, n1.dWeight, n1.dBias)
        // a = dropout(context·Woᵀ + bo)
        var dA = n1.dInput
        attentionDropout.apply(&dA.scalars, mask: cache.attentionMask)
        let go = attentionOutput.backward(dOutput: dA, input: cache.context)
        gradients.set(names.attentionOutput, go.dWeight, go.dBias)
        let allRows = cache.attention.input.shape[0]
        let dContext = cache.rows.map { go.dInput.scatteringRows($0, count: allRows) } ?? go.dInput  // [N, C]
        let ga = attention.backwardTraining(
            dContext, cache: cache.attention, batch: batch, dropout: Dropout(rate: rates.attention))
        gradients.set(names.query, ga.query.dWeight, ga.query.dBias)
        gradients.set(names.key, ga.key.dWeight, ga.key.dBias)
        gradients.set(names.value, ga.value.dWeight, ga.value.dBias)
        var dInput = ga.dInput
        let dResidual = cache.rows.map { n1.dInput.scatteringRows($0, count: allRows) } ?? n1.dInput  // [N, C]
        dInput.add(dResidual)
        return dInput
    }
}
