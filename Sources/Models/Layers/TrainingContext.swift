import Support
import Tensors

/// What turns a forward pass into a training forward pass: dropout rates and the seeded generator that draws
/// the masks, with the family's choices of where dropout applies.
///
/// The layers draw their masks from it in forward order (embeddings; per layer the attention probabilities,
/// the attention output, the feed-forward output; the head) and keep them in their caches, so that the backward
/// pass drops the same elements. A reference type so that it can be an optional argument of every `forward`
/// (`nil` = inference, where dropout is the identity); a pass uses it from one thread.
public final class TrainingContext {
    /// Dropout probabilities.
    public let rates: DropoutRates
    /// The source of every mask; advanced by each draw.
    public private(set) var generator: SeededGenerator
    /// Dropout after the attention output projection (`BertSelfOutput.dropout`; DistilBERT has none there).
    let attentionOutputRate: Float
    /// Whether the head drops its input out before the dense layer (`RobertaClassificationHead`,
    /// `ElectraClassificationHead`).
    let dropsHeadInput: Bool

    public init(rates: DropoutRates, architecture: Architecture, generator: SeededGenerator) {
        self.rates = rates
        self.generator = generator
        attentionOutputRate = architecture == .distilbert ? 0 : rates.hidden
        dropsHeadInput = architecture.isRoBERTaFamily || architecture == .electra
    }

    /// A mask over `count` elements at `rate` (``DropoutMask/none`` at rate 0, drawing nothing).
    func mask(rate: Float, count: Int) -> DropoutMask {
        let dropout = Dropout(rate: rate)
        guard dropout.isActive else { return .none }
        return DropoutMask(kept: dropout.mask(count: count, using: &generator), scale: dropout.scale)
    }
}

/// Collects parameter gradients during a backward pass, by canonical name (see ``WeightNames``).
///
/// Each layer's `backward` takes an optional sink: without one it forms input gradients only (what attribution
/// needs); with one it also records ∂L/∂θ for each of its parameters (what training needs).
public final class GradientSink {
    /// Everything recorded so far.
    public private(set) var gradients = ParameterGradients()

    public init() {}

    /// Records one parameter's gradient.
    func record(_ name: String, _ gradient: Tensor) { gradients[name] = gradient }

    /// Records `name.weight` and `name.bias`.
    func record(_ name: String, dWeight: Tensor, dBias: Tensor) { gradients.set(name, dWeight, dBias) }
}
