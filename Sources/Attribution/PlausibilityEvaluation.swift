import Foundation
import Models

/// A classifier measured on labelled documents with ground-truth rationales: accuracy, per-class F1 and, for
/// each attribution method, plausibility — the token-level average precision of its scores against the rationale
/// spans (ERASER), averaged over documents; `random` is the expected precision of a random ranking (the share of
/// rationale tokens).
public struct PlausibilityEvaluation: Sendable {
    /// One document to evaluate.
    public struct Document: Sendable {
        public var text: String
        /// The true label's name.
        public var label: String
        /// Ground-truth rationale spans, in the offsets `Explanation` tokens use.
        public var rationale: [Range<Int>]

        public init(text: String, label: String, rationale: [Range<Int>]) {
            (self.text, self.label, self.rationale) = (text, label, rationale)
        }
    }

    /// The figures, as `dossier evaluate --json` writes them.
    public struct Report: Codable, Equatable, Sendable {
        public var documents: Int
        public var accuracy: Double
        /// Per label name.
        public var f1: [String: Double]
        /// Per method's raw value (and `random`).
        public var meanAveragePrecision: [String: Double]
    }

    /// The classifier's label names, in class order.
    public let labels: [String]
    /// `confusion[truth][prediction]`.
    public private(set) var confusion: [[Int]]
    private var precisionSums: [String: Double] = [:]
    private var precisionCounts: [String: Int] = [:]

    public init(labels: [String]) {
        self.labels = labels
        confusion = Array(repeating: Array(repeating: 0, count: labels.count), count: labels.count)
    }

    /// Explains each document (no faithfulness checks) and adds it.
    /// - Parameter progress: called with the number of documents done after each.
    /// - Throws: the explainer's errors.
    public static func run(
        _ explainer: Explainer, documents: [Document], progress: (Int) -> Void = { _ in }
    ) throws -> PlausibilityEvaluation {
        var evaluation = PlausibilityEvaluation(labels: explainer.model.config.labels)
        var options = Explainer.Options()
        options.faithfulness = false
        for (n, document) in documents.enumerated() {
            evaluation.add(try explainer.explain(document.text, options: options), for: document)
            progress(n + 1)
        }
        return evaluation
    }

    /// Adds one document's explanation: its prediction to the confusion matrix, each method's average precision
    /// against the rationale to the sums.
    public mutating func add(_ explanation: Explanation, for document: Document) {
        let relevant = Plausibility.relevance(
            tokens: explanation.tokens.map { $0.start..<$0.end }, rationale: document.rationale)
        if let t = labels.firstIndex(of: document.label), let p = labels.firstIndex(of: explanation.prediction.label) {
            confusion[t][p] += 1
        }
        for method in Explanation.methods {
            let precision = Plausibility.averagePrecision(
                scores: explanation.tokens.map { $0.scores[method] ?? 0 }, relevant: relevant)
            if let precision { record(method.rawValue, precision) }
        }
        if !relevant.isEmpty { record("random", Double(relevant.filter { $0 }.count) / Double(relevant.count)) }
    }

    private mutating func record(_ method: String, _ precision: Double) {
        precisionSums[method, default: 0] += precision
        precisionCounts[method, default: 0] += 1
    }

    /// Accuracy and F1 from the confusion matrix (`EvaluationMetrics`), mean average precision per method.
    public var report: Report {
        let metrics = EvaluationMetrics(confusion: confusion)
        var map: [String: Double] = [:]
        for (method, sum) in precisionSums { map[method] = sum / Double(max(precisionCounts[method] ?? 1, 1)) }
        return Report(
            documents: metrics.count, accuracy: Double(metrics.accuracy),
            f1: Dictionary(uniqueKeysWithValues: zip(labels, metrics.f1.map(Double.init))), meanAveragePrecision: map)
    }
}
