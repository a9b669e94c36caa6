import Foundation
import Models
import Tensors
import Tokenizers

/// Explains a classifier's decision on a document: windows, forward and backward passes, every attribution
/// method, head statistics, faithfulness and agreement, gathered into one `Explanation`.
public struct Explainer: Sendable {
    public let model: SequenceClassifier
    public let tokenizer: any Tokenizer
    /// The model directory (reported in explanations).
    public let directory: URL

    /// Options for one explanation.
    public struct Options: Sendable {
        /// Content tokens per window; `nil` uses the model's maximum minus its special tokens.
        public var windowSize: Int?
        /// Tokens between window starts; `nil` uses half the window size.
        public var windowStride: Int?
        /// The label index to explain; `nil` explains the predicted label.
        public var target: Int?
        /// Whether to run the ERASER faithfulness checks (50 extra forward passes, batched).
        public var faithfulness = true
        /// Fractions of words for comprehensiveness and sufficiency.
        public var fractions: [Double] = [0.01, 0.05, 0.1, 0.2, 0.5]
        /// Sequences per batched forward pass in the faithfulness checks.
        public var batchSize = 8

        public init(windowSize: Int? = nil, windowStride: Int? = nil, target: Int? = nil, faithfulness: Bool = true) {
            self.windowSize = windowSize
            self.windowStride = windowStride
            self.target = target
            self.faithfulness = faithfulness
        }
    }

    public init(model: SequenceClassifier, tokenizer: any Tokenizer, directory: URL) {
        self.model = model
        self.tokenizer = tokenizer
        self.directory = directory
    }

    /// Loads the model and its tokenizer from a Hugging Face directory and checks they belong together.
    /// - Throws: `AttributionError` whose message names the file at fault.
    public static func load(directory: URL) throws -> Explainer {
        let model: SequenceClassifier
        do {
            model = try SequenceClassifier.load(directory: directory)
        } catch let error as ModelError {
            throw AttributionError.model(error.description)
        }
        let tokenizer: any Tokenizer
        do {
            tokenizer = try TokenizerLoader.load(directory: directory)
        } catch {
            throw AttributionError.tokenizer("\(error)")
        }
        guard tokenizer.vocabularySize <= model.config.vocabularySize else {
            throw AttributionError.vocabularyMismatch(
                directory: directory.path, tokenizer: tokenizer.vocabularySize, model: model.config.vocabularySize)
        }
        return Explainer(model: model, tokenizer: tokenizer, directory: directory)
    }

    /// The target label index for a label name or number.
    public func targetIndex(_ label: String) throws -> Int {
        if let index = model.config.labels.firstIndex(of: label) { return index }
        if let index = Int(label), model.config.labels.indices.contains(index) { return index }
        throw AttributionError.unknownTarget(label, labels: model.config.labels)
    }

    /// The window plan for a document of `tokenCount` content tokens.
    public func windowPlan(tokenCount: Int, options: Options) throws -> WindowPlan {
        let maximum = model.config.maxSequenceLength - tokenizer.specialTokenCount
        let size = options.windowSize ?? maximum
        let stride = options.windowStride ?? max(1, size / 2)
        guard size > 0, size <= maximum, stride > 0, stride <= size else {
            throw AttributionError.invalidWindow(size: size, stride: stride, maximum: maximum)
        }
        return WindowPlan(tokenCount: tokenCount, size: size, stride: stride)
    }

    /// Where the content starts inside a wrapped window (1 for `[CLS] … [SEP]` and `<s> … </s>`).
    var contentOffset: Int {
        let probe = Encoding(ids: [-1], tokens: ["?"], offsets: [0..<0], isSpecial: [false])
        return tokenizer.addingSpecialTokens(to: probe).ids.firstIndex(of: -1) ?? 0
    }

    // MARK: - Prediction

    /// Document logits for many documents given as content ids: every document is windowed with `plan`'s
    /// size and stride, all windows run in batches, and each document's logits are its windows' mean.
    public func predict(documents: [[Int]], windowSize: Int, stride: Int, batchSize: Int = 8) throws -> [[Float]] {
        var sequences: [(document: Int, ids: [Int])] = []
        for (d, content) in documents.enumerated() {
            let plan = WindowPlan(tokenCount: content.count, size: windowSize, stride: stride)
            for range in plan.ranges {
                sequences.append((d, wrap(Array(content[range]))))
            }
        }
        let labels = model.config.labels.count
        var sums = [[Float]](repeating: [Float](repeating: 0, count: labels), count: documents.count)
        var counts = [Int](repeating: 0, count: documents.count)
        // Similar lengths together waste less padding.
        let order = sequences.indices.sorted { sequences[$0].ids.count > sequences[$1].ids.count }
        for chunkStart in Swift.stride(from: 0, to: order.count, by: max(1, batchSize)) {
            let chunk = Array(order[chunkStart..<min(chunkStart + max(1, batchSize), order.count)])
            let result = try model.forward(TokenBatch(chunk.map { sequences[$0].ids }), recording: .logits)
            for (row, index) in chunk.enumerated() {
                let d = sequences[index].document
                for k in 0..<labels { sums[d][k] += result.logits[row, k] }
                counts[d] += 1
            }
        }
        let logits = sums.enumerated().map { d, sum in sum.map { $0 / Float(max(counts[d], 1)) } }
        for row in logits { try checkFinite(row, what: "logits") }
        return logits
    }

    /// Wraps content ids with the model's special tokens.
    func wrap(_ ids: [Int]) -> [Int] {
        let content = Encoding(
            ids: ids, tokens: ids.map { _ in "" }, offsets: ids.map { _ in 0..<0 },
            isSpecial: ids.map { _ in false })
        return tokenizer.addingSpecialTokens(to: content).ids
    }
}

/// The softmax of a logit vector (max-subtracted).
func softmax(_ logits: [Float]) -> [Float] {
    let top = logits.max() ?? 0
    let exps = logits.map { exp($0 - top) }
    let sum = exps.reduce(0, +)
    return exps.map { $0 / sum }
}
