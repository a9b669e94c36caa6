import Foundation
import Models
import Support
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
        /// Content tokens per window; `nil` uses the model's maximum minus its special tokens, capped where the
        /// attention maps of so long a window would not fit (`ModelConfiguration.longestSequenceFitting`).
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
    ///
    /// The tokenizer is read on a thread of its own while the weights load (parsing a tokenizer.json is serial
    /// work, as long as copying the weights); a model error is still reported before a tokenizer error.
    /// - Throws: `AttributionError` whose message names the file at fault.
    public static func load(directory: URL) throws -> Explainer {
        let loadingTokenizer = BackgroundWork(name: "tokenizer") { try TokenizerLoader.load(directory: directory) }
        let model: SequenceClassifier
        do {
            model = try SequenceClassifier.load(directory: directory)
        } catch let error as ModelError {
            throw AttributionError.model(error.description)
        }
        let tokenizer: any Tokenizer
        do {
            tokenizer = try loadingTokenizer.value()
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
        // Long-context models (ModernBERT: 8192 positions) default to the longest window whose attention maps, kept
        // for attribution, fit in half of this machine's memory; 512-position models always get their maximum.
        let fitting = model.config.longestSequenceFitting() - tokenizer.specialTokenCount
        let size = options.windowSize ?? max(1, min(maximum, fitting))
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
    ///
    /// - Parameter cache: Windows whose ids it holds are not run again; the windows run are added to it. Identical
    ///   windows within the call run once either way.
    public func predict(
        documents: [[Int]], windowSize: Int, stride: Int, batchSize: Int = 8, cache: WindowLogitsCache? = nil
    ) throws -> [[Float]] {
        var sequences: [(document: Int, ids: [Int])] = []
        for (d, content) in documents.enumerated() {
            let plan = WindowPlan(tokenCount: content.count, size: windowSize, stride: stride)
            for range in plan.ranges {
                sequences.append((d, wrap(Array(content[range]))))
            }
        }
        let labels = model.config.labels.count
        // Each distinct window once, unless the cache knows it.
        var known: [[Int]: [Float]] = [:]
        var pending: [[Int]] = []
        for sequence in sequences where known[sequence.ids] == nil {
            if let cached = cache?.lookUp(sequence.ids) {
                known[sequence.ids] = cached
            } else {
                known[sequence.ids] = []
                pending.append(sequence.ids)
            }
        }
        // Similar lengths together waste less padding.
        pending.sort { $0.count > $1.count }
        for chunkStart in Swift.stride(from: 0, to: pending.count, by: max(1, batchSize)) {
            let chunk = Array(pending[chunkStart..<min(chunkStart + max(1, batchSize), pending.count)])
            let result = try model.forward(TokenBatch(chunk), recording: .logits)
            for (row, ids) in chunk.enumerated() {
                let values = (0..<labels).map { result.logits[row, $0] }
                try checkFinite(values, what: "logits")
                known[ids] = values
                cache?.store(ids, values)
            }
        }
        var sums = [[Float]](repeating: [Float](repeating: 0, count: labels), count: documents.count)
        var counts = [Int](repeating: 0, count: documents.count)
        for sequence in sequences {
            let values = known[sequence.ids] ?? []
            for k in 0..<min(labels, values.count) { sums[sequence.document][k] += values[k] }
            counts[sequence.document] += 1
        }
        return sums.enumerated().map { d, sum in sum.map { $0 / Float(max(counts[d], 1)) } }
    }

    /// Wraps content ids with the model's special tokens.
    func wrap(_ ids: [Int]) -> [Int] {
        let content = Encoding(
            ids: ids, tokens: ids.map { _ in "" }, offsets: ids.map { _ in 0..<0 },
            isSpecial: ids.map { _ in false })
        return wrap(content).ids
    }

    /// Wraps a window's content with the model's special tokens. A tokenizer that adds none (GPT-2) would leave
    /// an empty window (an empty text, or a faithfulness check that deleted every word) with nothing to run:
    /// the model then reads its start token alone (GPT-2's `<|endoftext|>`), as a decoder reads a document
    /// that has not begun.
    func wrap(_ content: Encoding) -> Encoding {
        let wrapped = tokenizer.addingSpecialTokens(to: content)
        guard wrapped.ids.isEmpty else { return wrapped }
        let start = tokenizer.specialTokens.start
        return Encoding(
            ids: [start], tokens: [tokenizer.token(forID: start) ?? ""], offsets: [0..<0], isSpecial: [true])
    }
}

/// The softmax of a logit vector (max-subtracted), as the explainer turns logits into probabilities.
public func softmax(_ logits: [Float]) -> [Float] {
    let top = logits.max() ?? 0
    let exps = logits.map { exp($0 - top) }
    let sum = exps.reduce(0, +)
    return exps.map { $0 / sum }
}
