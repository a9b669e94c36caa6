import Support

/// A deterministic, label-stratified division of a corpus into training, validation and test documents.
public struct CorpusSplit: Hashable, Sendable {
    /// Documents to train on.
    public var train: [CorpusDocument]
    /// Documents for model selection.
    public var validation: [CorpusDocument]
    /// Held-out documents for the reported accuracy.
    public var test: [CorpusDocument]

    /// Splits `documents` per label in the given proportions; the test part takes the rest.
    ///
    /// Within each label the documents are shuffled with a ``SeededGenerator`` seeded by `seed`, so the split is the
    /// same on every machine, and each part keeps the corpus's label proportions (up to rounding). Each part is
    /// returned in the input order.
    ///
    /// - Parameters:
    ///   - documents: The corpus.
    ///   - train: Share for training, e.g. `0.8`.
    ///   - validation: Share for validation, e.g. `0.1`.
    ///   - seed: The shuffle seed.
    /// - Throws: ``CorpusError/invalidSplitFractions(train:validation:)``.
    public init(_ documents: [CorpusDocument], train: Double = 0.8, validation: Double = 0.1, seed: UInt64 = 0) throws {
        guard train >= 0, validation >= 0, train + validation <= 1 else {
            throw CorpusError.invalidSplitFractions(train: train, validation: validation)
        }
        var part = [Int](repeating: 2, count: documents.count)
        var random = SeededGenerator(seed: seed)
        var labels: [String] = []
        for document in documents where !labels.contains(document.label) { labels.append(document.label) }
        for label in labels {
            let indices = random.shuffled(documents.indices.filter { documents[$0].label == label })
            let trainCount = Int((Double(indices.count) * train).rounded())
            let validationCount = min(indices.count - trainCount, Int((Double(indices.count) * validation).rounded()))
            for (position, index) in indices.enumerated() {
                part[index] = position < trainCount ? 0 : position < trainCount + validationCount ? 1 : 2
            }
        }
        self.train = documents.indices.filter { part[$0] == 0 }.map { documents[$0] }
        self.validation = documents.indices.filter { part[$0] == 1 }.map { documents[$0] }
        self.test = documents.indices.filter { part[$0] == 2 }.map { documents[$0] }
    }
}
