import Tensors

/// Gradients of one logit with respect to every attention map and to the input embeddings.
///
/// The reverse pass mirrors `forward` layer by layer (see `EncoderLayer.backward`). No weight gradients are
/// formed. Because the head reads only the first token of the last layer, the last layer's backward pass
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
        guard let cache = result.cache else {
            preconditionFailure("backward needs a forward pass recorded with .backward")
        }
        let batch = cache.batch
        precondition(batch.count == 1, "backward differentiates one sequence at a time")
        precondition(target >= 0 && target < config.labels.count, "target \(target) out of range")
        var dLogits = Tensor(zeros: [1, config.labels.count])
        dLogits.scalars[target] = 1
        // logits = head(hidden[0])  ⇒  only row 0 of the last hidden state has gradient.
        var dHidden = head.backward(dLogits, cache: cache.head)  // [1, C]: the last layer kept only row 0
        var dAttention = [Tensor](repeating: Tensor(zeros: [0]), count: keepAttentionGradients ? layers.count : 0)
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            let visit: SelfAttention.HeadVisit? = observer.map { observer in
                { _, head, block in observer.observe(layer: l, head: head, block: block) }
            }
            let (dInput, dProbabilities) = layers[l].backward(
                dHidden, probabilities: result.attentions[l], cache: cache.layers[l], batch: batch,
                keepAttentionGradients: keepAttentionGradients, visit: visit)
            observer?.finish(layer: l)
            dHidden = dInput
            if keepAttentionGradients {
                dAttention[l] = dProbabilities.reshaped(Array(dProbabilities.shape.dropFirst()))
            }
        }
        // hidden₀ = LN(inputs_embeds + positions + types)  ⇒  d inputs_embeds = LN backward.
        let dEmbeds = embeddings.norm.backwardInput(dHidden, cache: cache.embeddingNorm)
        return Gradients(attention: dAttention, inputsEmbeds: dEmbeds, inputs: cache.inputsEmbeds)
    }
}
