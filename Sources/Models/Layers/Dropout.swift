import Support

/// Inverted dropout as `torch.nn.Dropout` applies it in training mode: each element is kept with probability
/// `1 − rate` and scaled by `1 / (1 − rate)`, or zeroed.
///
/// Masks are drawn from a ``SeededGenerator`` so a training run is reproducible; the mask is stored as bytes
/// (1 = kept) so that the backward pass applies exactly the same elements. At evaluation dropout is the identity.
public struct Dropout: Sendable {
    /// The probability of zeroing an element, e.g. 0.1.
    public let rate: Float

    public init(rate: Float) {
        precondition(rate >= 0 && rate < 1, "dropout rate \(rate) outside [0, 1)")
        self.rate = rate
    }

    /// Whether the layer changes anything.
    public var isActive: Bool { rate > 0 }

    /// The factor applied to kept elements, `1 / (1 − rate)`.
    public var scale: Float { 1 / (1 - rate) }

    /// A keep-mask of `count` bytes (1 = kept, 0 = dropped), empty when inactive.
    public func mask(count: Int, using generator: inout SeededGenerator) -> [UInt8] {
        guard isActive else { return [] }
        // Two 32-bit uniforms per 64-bit draw; keep when u ≥ rate · 2³² (integer compare, no float conversion).
        let threshold = UInt64((Double(rate) * 0x1p32).rounded(.up))
        var mask = [UInt8](repeating: 0, count: count)
        mask.withUnsafeMutableBufferPointer { m in
            var i = 0
            while i < count {
                let bits = generator.next()
                m[i] = bits & 0xFFFF_FFFF >= threshold ? 1 : 0
                if i + 1 < count { m[i + 1] = bits >> 32 >= threshold ? 1 : 0 }
                i += 2
            }
        }
        return mask
    }

    /// Forward and backward are the same operation: `x ← x ⊙ mask / (1 − rate)` (identity for an empty mask).
    public func apply(_ values: inout [Float], mask: [UInt8]) {
        guard !mask.isEmpty else { return }
        precondition(mask.count == values.count, "dropout mask \(mask.count) vs \(values.count) values")
        let scale = self.scale
        values.withUnsafeMutableBufferPointer { v in
            mask.withUnsafeBufferPointer { m in
                for i in 0..<v.count { v[i] = m[i] == 0 ? 0 : v[i] * scale }
            }
        }
    }
}

/// The dropout probabilities of a BERT-family configuration (`hidden_dropout_prob`,
/// `attention_probs_dropout_prob`, `classifier_dropout`; DistilBERT `dropout`, `attention_dropout`,
/// `seq_classif_dropout`).
public struct DropoutRates: Sendable, Equatable {
    /// After the embeddings, after each attention output and feed-forward output projection, e.g. 0.1.
    public var hidden: Float
    /// On the attention probabilities, e.g. 0.1.
    public var attention: Float
    /// Before the classifier (BERT: `classifier_dropout ?? hidden_dropout_prob`; DistilBERT 0.2).
    public var classifier: Float

    public init(hidden: Float, attention: Float, classifier: Float) {
        (self.hidden, self.attention, self.classifier) = (hidden, attention, classifier)
    }

    /// Checks that every rate lies in [0, 1), as ``Dropout`` requires.
    /// - Throws: `ModelError.invalidTrainingData` naming the rate.
    public func check() throws {
        for (name, rate) in [("hidden", hidden), ("attention", attention), ("classifier", classifier)]
        where !(rate >= 0 && rate < 1) {
            throw ModelError.invalidTrainingData("the \(name) dropout rate must lie in [0, 1), is \(rate)")
        }
    }

    /// BERT's defaults: 0.1 everywhere.
    public static let bert = DropoutRates(hidden: 0.1, attention: 0.1, classifier: 0.1)
    /// No dropout (evaluation, gradient checks).
    public static let none = DropoutRates(hidden: 0, attention: 0, classifier: 0)
}

/// A drawn dropout mask and the factor its kept elements get: what a layer's cache keeps so that its backward
/// pass drops exactly the elements its forward pass dropped. ``none`` (empty) is the identity.
public struct DropoutMask: Sendable {
    /// 1 = kept, 0 = dropped; empty when no dropout was applied.
    public var kept: [UInt8]
    /// `1 / (1 − rate)`.
    public var scale: Float

    /// No dropout: `apply` changes nothing.
    public static let none = DropoutMask(kept: [], scale: 1)

    /// Whether the mask drops anything.
    public var isEmpty: Bool { kept.isEmpty }

    /// `x ← x ⊙ mask / (1 − rate)`: the forward step and, on gradients, its own backward step.
    public func apply(_ values: inout [Float]) {
        guard !kept.isEmpty else { return }
        precondition(kept.count == values.count, "dropout mask \(kept.count) vs \(values.count) values")
        let scale = scale
        values.withUnsafeMutableBufferPointer { v in
            kept.withUnsafeBufferPointer { m in
                for i in 0..<v.count { v[i] = m[i] == 0 ? 0 : v[i] * scale }
            }
        }
    }
}
