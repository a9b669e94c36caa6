import Tensors

/// Gradients of one logit with respect to every attention map and to the input embeddings (attribution), or of
/// a loss with respect to every parameter too (training, `trainingStep`): one reverse pass for both.
///
/// The reverse pass mirrors `forward` layer by layer (see `EncoderLayer.backward`); weight gradients are formed
/// only when a `GradientSink` is given. Because the head reads only the first token of the last layer, the last layer's backward pass
/// propagates a single row; earlier layers carry full `[T, C]` gradients.
extension SequenceClassifier {
    /// ∂ logit[target] / ∂ (attention probabilities and inputs_embeds) for one sequence.
    public struct Gradients: Sendable {
        /// Per layer, ∂logit/∂A, `[H, T, T]`; empty when the backward pass was asked not to keep them.
        public var attention: [Tensor]
        /// ∂logit/∂inputs_embeds, `[T, C]`.
        public var inputsEmbeds: Tensor
        /// The word embeddings themselves, `[T, C]` (for gradient × input).
        public var inputs: Tensor
    }

    /// Back-propagates `logit[sequence, target]` through a forward pass recorded with `.backward`.
    ///
    /// - Parameters:
    ///   - result: a forward result whose `cache` is present (batch of one sequence).
    ///   - target: the class whose logit is differentiated.
    ///   - observer: shown every head's map and ∂logit/∂A as the pass forms them (see
    ///     `AttentionGradientObserver`).
    ///   - keepAttentionGradients: whether to return the per-layer ∂logit/∂A (`L·H·T²` floats; 75 MB for
    ///     MiniLM at 512 tokens). Without it each head's gradient lives only in a scratch block, seen by
    ///     `observer`, and `Gradients.attention` is empty.
    /// - Returns: gradients for the first (only) sequence of the batch.
    public func backward(
        _ result: ForwardResult, target: Int, observer: (any AttentionGradientObserver)? = nil,
        keepAttentionGradients: Bool = true
    ) -> Gradients {
        if let decoder, let cache = result.decoderCache {
            precondition(cache.batch.count == 1, "backward differentiates one sequence at a time")
            precondition(target >= 0 && target < config.labels.count, "target \(target) out of range")
            var dLogits = Tensor(zeros: [1, config.labels.count])
            dLogits.scalars[target] = 1
            let (attention, dEmbeds) = decoder.backward(
                result, cache: cache, dLogits: dLogits, observer: observer,
                keepAttentionGradients: keepAttentionGradients)
            return Gradients(
                attention: attention.map { $0.reshaped(Array($0.shape.dropFirst())) }, inputsEmbeds: dEmbeds,
                inputs: cache.inputsEmbeds)
        }
        guard let cache = result.cache else {
            preconditionFailure("backward needs a forward pass recorded with .backward")
        }
        precondition(cache.batch.count == 1, "backward differentiates one sequence at a time")
        precondition(target >= 0 && target < config.labels.count, "target \(target) out of range")
        var dLogits = Tensor(zeros: [1, config.labels.count])
        dLogits.scalars[target] = 1
        let (attention, dEmbeds) = backward(
            result, dLogits: dLogits, observer: observer, keepAttentionGradients: keepAttentionGradients)
        return Gradients(
            attention: attention.map { $0.reshaped(Array($0.shape.dropFirst())) }, inputsEmbeds: dEmbeds,
            inputs: cache.inputsEmbeds)
    }

    /// Back-propagates `dLogits[B, L]` = ∂L/∂logits through a forward pass recorded with `.backward`, to every
    /// attention map and to `inputs_embeds`; with a sink (after a training forward pass) also to every parameter.
    ///
    /// - Returns: per layer ∂L/∂A `[B, H, T, T]` (empty without `keepAttentionGradients`) and ∂L/∂inputs_embeds
    ///   `[N, C]`.
    func backward(
        _ result: ForwardResult, dLogits: Tensor, observer: (any AttentionGradientObserver)? = nil,
        keepAttentionGradients: Bool = true, sink: GradientSink? = nil
    ) -> (attention: [Tensor], inputsEmbeds: Tensor) {
        guard let cache = result.cache else {
            preconditionFailure("backward needs a forward pass recorded with .backward")
        }
        let batch = cache.batch
        if let deberta, let debertaCache = cache.deberta {
            precondition(sink == nil, "DeBERTa-v2 is not trained")
            return deberta.backward(
                result, cache: debertaCache, batch: batch, dLogits: dLogits, observer: observer,
                keepAttentionGradients: keepAttentionGradients)
        }
        if let modernBERT, let modernCache = cache.modernBERT {
            return modernBERT.backward(
                dLogits, attentions: result.attentions, cache: modernCache, batch: batch, observer: observer,
                keepAttentionGradients: keepAttentionGradients)
        }
        let architecture = config.architecture
        // logits = head(hidden[first rows])  ⇒  only each sequence's first row of the last hidden state has
        // gradient: [B, C], the rows the last layer kept.
        var dHidden = head.backward(
            dLogits, cache: cache.head, gradients: sink.map { ($0, WeightNames.headNames(architecture)) })
        if layers.isEmpty {  // the head read the embeddings' first rows directly
            dHidden = dHidden.scatteringRows(
                (0..<batch.count).map { $0 * batch.length }, count: batch.count * batch.length)
        }
        var dAttention = [Tensor](repeating: Tensor(zeros: [0]), count: keepAttentionGradients ? layers.count : 0)
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            let visit: SelfAttention.HeadVisit? = observer.map { observer in
                { _, head, block in observer.observe(layer: l, head: head, block: block) }
            }
            let (dInput, dProbabilities) = layers[l].backward(
                dHidden, probabilities: result.attentions[l], cache: cache.layers[l], batch: batch,
                keepAttentionGradients: keepAttentionGradients, visit: visit,
                gradients: sink.map { ($0, WeightNames.layerNames(l, architecture)) })
            observer?.finish(layer: l)
            dHidden = dInput
            if keepAttentionGradients { dAttention[l] = dProbabilities }
        }
        // ELECTRA: hidden₀ = embeddings_project(e)  ⇒  de = dHidden₀ · W, dW = dHidden₀ᵀ · e
        if let projection = embeddingsProjection, let input = cache.projectionInput {
            sink.map {
                projection.recordGradients(dHidden, input: input, into: $0, name: WeightNames.embeddingsProjection)
            }
            dHidden = projection.backwardInput(dHidden)
        }
        // e = dropout(LN(inputs_embeds + positions + types))
        let dEmbeds = embeddings.backward(dHidden, cache: cache.embeddings, ids: cache.ids, sink: sink)
        return (dAttention, dEmbeds)
    }
}
