import Support

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
            held.formUnion(generator.shuffled(indices).prefix(count))
        }
        var training: [TrainingExample] = []
        var validation: [TrainingExample] = []
        for (index, example) in examples.enumerated() {
            if held.contains(index) { validation.append(example) } else { training.append(example) }
        }
        return (training, validation)
    }
}
