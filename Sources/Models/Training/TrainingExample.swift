/// One labelled training document, already tokenised (special tokens included, truncated to the model's
/// maximum), so that the Models module needs no tokenizer.
public struct TrainingExample: Sendable, Equatable {
    /// Token ids, e.g. `[101, 7592, 102]`.
    public var ids: [Int]
    /// Class index into the configuration's labels.
    public var label: Int

    public init(ids: [Int], label: Int) {
        self.ids = ids
        self.label = label
    }

    /// A stratified, seeded split: from every class, `round(fraction · count)` examples (at least one when the
    /// class has two or more) go to validation, the rest to training; both keep their original order.
    public static func split(_ examples: [TrainingExample], validationFraction fraction: Double, seed: UInt64) -> (
        training: [TrainingExample], validation: [TrainingExample]
    ) {
        guard fraction > 0 else { return (examples, []) }
        var generator = SeededGenerator(seed: seed)
        var byLabel: [Int: [Int]] = [:]
        for (index, example) in examples.enumerated() { byLabel[example.label, default: []].append(index) }
        var held = Set<Int>()
        for label in byLabel.keys.sorted() {
            let indices = byLabel[label] ?? []
            var count = Int((fraction * Double(indices.count)).rounded())
            if count == 0 && indices.count >= 2 { count = 1 }
            held.formUnion(indices.shuffled(using: &generator).prefix(count))
        }
        var training: [TrainingExample] = []
        var validation: [TrainingExample] = []
        for (index, example) in examples.enumerated() {
            if held.contains(index) { validation.append(example) } else { training.append(example) }
        }
        return (training, validation)
    }
}

/// Accuracy and per-class precision, recall and F1 on a labelled set.
public struct EvaluationMetrics: Sendable, Equatable {
    /// Examples evaluated.
    public var count: Int
    /// Mean cross-entropy.
    public var loss: Float
    /// Fraction predicted correctly, 0…1.
    public var accuracy: Float
    /// `confusion[truth][prediction]` counts.
    public var confusion: [[Int]]

    /// Per-class precision (0 when the class is never predicted).
    public var precision: [Float] {
        confusion.indices.map { k in
            let predicted = confusion.reduce(0) { $0 + $1[k] }
            return predicted == 0 ? 0 : Float(confusion[k][k]) / Float(predicted)
        }
    }

    /// Per-class recall (0 when the class never occurs).
    public var recall: [Float] {
        confusion.indices.map { k in
            let actual = confusion[k].reduce(0, +)
            return actual == 0 ? 0 : Float(confusion[k][k]) / Float(actual)
        }
    }

    /// Per-class F1, `2PR / (P + R)` (0 when both are 0), as scikit-learn's `f1_score(average=None)`.
    public var f1: [Float] {
        zip(precision, recall).map { p, r in p + r == 0 ? 0 : 2 * p * r / (p + r) }
    }

    /// The unweighted mean of the per-class F1.
    public var macroF1: Float { f1.isEmpty ? 0 : f1.reduce(0, +) / Float(f1.count) }
}
