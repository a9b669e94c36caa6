import Foundation
import Models
import Tensors
import Tokenizers

extension Explainer {
    /// Explains the model's decision on `text`.
    ///
    /// The text is tokenised once (offsets into the original text), split into windows, and each window runs
    /// forward and backward from the target logit. Window logits are averaged into the document prediction;
    /// token scores are averaged over the windows covering each token, then summed into words.
    /// - Throws: `AttributionError` for invalid options, `ModelError` if the model rejects the input.
    public func explain(_ text: String, options: Options = Options()) throws -> Explanation {
        try explainWithHeadMaps(text, options: options, keepHeadMaps: false).explanation
    }

    /// Explains the model's decision on `text` as ``explain(_:options:)`` does, and keeps what a dossier draws of
    /// every window's attention heads.
    ///
    /// - Parameter keepHeadMaps: Whether to pool every head's map and cut out the focus heads (a few
    ///   milliseconds per window).
    /// - Throws: `AttributionError.nonFinite` when the model produces a NaN or infinite logit or attribution, and
    ///   the errors of ``explain(_:options:)``.
    public func explainWithHeadMaps(_ text: String, options: Options = Options(), keepHeadMaps: Bool = true) throws
        -> (explanation: Explanation, headMaps: [WindowHeadMaps])
    {
        let encoding = tokenizer.encode(text)
        let plan = try windowPlan(tokenCount: encoding.count, options: options)
        let offset = contentOffset

        let labels = model.config.labels
        if let target = options.target, !labels.indices.contains(target) {
            throw AttributionError.unknownTarget(String(target), labels: labels)
        }

        // Each window runs forward once, recorded, and backward at once, so that only one window's recording is
        // held at a time. The document prediction is the mean of the recorded windows' logits; while windows are
        // still to come, a window is attributed toward the decision of the windows read so far, and the few
        // windows whose guess the finished document overturns run again toward the document's decision. Every
        // window's scores are thus exactly those of a backward pass from the explained label, and a document whose
        // windows agree costs one recorded pass per window (no separate prediction pass).
        let wrappedWindows = plan.ranges.map { wrap(encoding.slice($0)) }
        func forward(_ w: Int) throws -> SequenceClassifier.ForwardResult {
            let result = try model.forward(TokenBatch([wrappedWindows[w].ids]), recording: .backward)
            try checkFinite(result.logits.scalars, what: "logits of window \(w + 1)")
            return result
        }
        var sums = [Float](repeating: 0, count: labels.count)
        var attributed: [AttributedWindow] = []
        var towards: [Int] = []
        for w in wrappedWindows.indices {
            let result = try forward(w)
            for k in labels.indices { sums[k] += result.logits[0, k] }
            let target = options.target ?? Self.decision(sums.map { $0 / Float(w + 1) })
            towards.append(target)
            attributed.append(
                try attributeWindow(
                    w, result, wrapped: wrappedWindows[w], target: target, offset: offset, keepHeadMaps: keepHeadMaps))
        }
        let logits = sums.map { $0 / Float(max(wrappedWindows.count, 1)) }
        try checkFinite(logits, what: "document logits")
        let probabilities = softmax(logits)
        let predicted = Self.decision(logits)
        let target = options.target ?? predicted
        for w in wrappedWindows.indices where towards[w] != target {
            attributed[w] = try attributeWindow(
                w, try forward(w), wrapped: wrappedWindows[w], target: target, offset: offset,
                keepHeadMaps: keepHeadMaps)
        }

        var windows: [Explanation.Window] = []
        var tokenSums = [AttributionMethod: [Float]]()
        for method in Explanation.methods { tokenSums[method] = [Float](repeating: 0, count: encoding.count) }
        var headWindows: [[HeadStatistics]] = []
        var headMaps: [WindowHeadMaps] = []
        for (w, window) in attributed.enumerated() {
            let range = plan.ranges[w]
            for (method, values) in window.scores {
                for i in range { tokenSums[method]?[i] += values[offset + i - range.lowerBound] }
            }
            headWindows.append(window.heads)
            if let maps = window.headMaps { headMaps.append(maps) }
            windows.append(
                Explanation.Window(
                    index: w, contentStart: range.lowerBound, contentEnd: range.upperBound,
                    tokens: window.tokens, logits: window.logits, rollout: window.scores[.rollout] ?? [],
                    gradientWeighted: window.scores[.gradientWeighted] ?? [],
                    rawAttention: window.scores[.rawAttention] ?? [],
                    gradientTimesInput: window.scores[.gradientTimesInput] ?? []))
        }

        // Document-level tokens, words and phrases.
        let coverage = plan.coverage(tokenCount: encoding.count)
        let tokens = (0..<encoding.count).map { i in
            Explanation.ScoredToken(
                id: encoding.ids[i], text: encoding.tokens[i], start: encoding.offsets[i].lowerBound,
                end: encoding.offsets[i].upperBound, windows: coverage[i],
                scores: tokenSums.mapValues { $0[i] / Float(max(coverage[i], 1)) })
        }
        let scalars = Array(text.unicodeScalars)
        let spans = WordGrouping.wordSpans(
            tokens: encoding.tokens, offsets: encoding.offsets, scalars: scalars,
            sentencePiece: tokenizer is UnigramTokenizer)
        let words = spans.map { span in
            let (range, start, end) = (span.tokens, span.characters.lowerBound, span.characters.upperBound)
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[start..<max(start, end)])
            var scores: [AttributionMethod: Float] = [:]
            for method in Explanation.methods {
                scores[method] = range.map { tokens[$0].scores[method] ?? 0 }.reduce(0, +)
            }
            return Word(
                text: String(view), start: start, end: end, tokenStart: range.lowerBound, tokenEnd: range.upperBound,
                scores: scores)
        }
        var phrases: [AttributionMethod: [Phrase]] = [:]
        for method in Explanation.methods {
            phrases[method] = WordGrouping.phrases(words: words, method: method, scalars: scalars)
        }

        let heads = HeadAnalysis.average(
            headWindows, tokens: min(encoding.count + tokenizer.specialTokenCount, plan.size))
        let faithfulness =
            options.faithfulness && !words.isEmpty
            ? try measureFaithfulness(
                ids: encoding.ids, words: words, target: target, fullProbability: probabilities[target], plan: plan,
                options: options) : nil
        let explanation = Explanation(
            model: Explanation.ModelSummary(
                directory: directory.path, architecture: model.config.architecture.rawValue, labels: labels,
                layers: model.config.layerCount, heads: model.config.headCount,
                maxSequenceLength: model.config.maxSequenceLength),
            document: Explanation.DocumentSummary(
                characters: scalars.count, tokens: encoding.count, windowSize: plan.size, windowStride: plan.stride,
                windowCount: plan.ranges.count, aggregation: "mean of window logits"),
            prediction: Explanation.Prediction(
                label: labels[predicted], index: predicted, logits: logits, probabilities: probabilities,
                target: target, targetLabel: labels[target]),
            windows: windows, tokens: tokens, words: words, phrases: phrases, heads: heads,
            layers: HeadAnalysis.layers(heads), faithfulness: faithfulness, agreement: agreement(words))
        return (explanation, headMaps)
    }

    /// One window's logits, scores toward one label, head statistics and (when kept) head maps.
    struct AttributedWindow {
        var logits: [Float]
        var tokens: [Explanation.WindowToken]
        var scores: [AttributionMethod: [Float]]
        var heads: [HeadStatistics]
        var headMaps: WindowHeadMaps?
    }

    /// The label a logit vector decides: the most probable (the first of equals).
    static func decision(_ logits: [Float]) -> Int {
        let probabilities = softmax(logits)
        return probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 0
    }

    /// The backward pass of window `w` from `target`, checked for non-finite numbers, with its head maps.
    func attributeWindow(
        _ w: Int, _ result: SequenceClassifier.ForwardResult, wrapped: Encoding, target: Int, offset: Int,
        keepHeadMaps: Bool
    ) throws -> AttributedWindow {
        let kinds = HeadAnalysis.TokenKinds(
            isStart: wrapped.ids.indices.map { wrapped.isSpecial[$0] && $0 < offset },
            isEnd: wrapped.ids.indices.map { wrapped.isSpecial[$0] && $0 >= offset },
            isPunctuation: wrapped.tokens.map(Self.isPunctuation))
        let (scores, heads) = attribute(result, target: target, kinds: kinds)
        for (method, values) in scores { try checkFinite(values, what: "\(method) scores of window \(w + 1)") }
        try checkFinite(heads.map(\.importance), what: "head importances of window \(w + 1)")
        let maps =
            keepHeadMaps
            ? WindowHeadMaps.capture(
                attentions: result.attentions.map { $0.slice(0) }, window: w, labels: wrapped.tokens,
                scores: scores[.gradientWeighted] ?? [], special: wrapped.isSpecial, heads: heads) : nil
        return AttributedWindow(
            logits: model.config.labels.indices.map { result.logits[0, $0] },
            tokens: wrapped.ids.indices.map {
                Explanation.WindowToken(
                    id: wrapped.ids[$0], text: wrapped.tokens[$0], start: wrapped.offsets[$0].lowerBound,
                    end: wrapped.offsets[$0].upperBound, special: wrapped.isSpecial[$0])
            }, scores: scores, heads: heads, headMaps: maps)
    }

    /// Throws `AttributionError.nonFinite` naming the model when any value is NaN or infinite.
    func checkFinite(_ values: [Float], what: String) throws {
        guard let bad = values.first(where: { !$0.isFinite }) else { return }
        throw AttributionError.nonFinite(directory: directory.path, what: what, value: "\(bad)")
    }

    /// The backward pass from `target` and every method's scores and head statistics for one window.
    func attribute(_ result: SequenceClassifier.ForwardResult, target: Int, kinds: HeadAnalysis.TokenKinds) -> (
        scores: [AttributionMethod: [Float]], heads: [HeadStatistics]
    ) {
        // Rollout, gradient-weighted attention and the head measures are formed during the backward pass, which
        // then need not keep the gradients (see `BackwardAttribution`).
        let pooled = result.pooledToken(of: 0)  // the row the chains start from: [CLS], or GPT-2's last token
        let chains = BackwardAttribution(
            summaries: result.attentionSummaries.map { $0.slice(0) }, kinds: kinds, start: pooled)
        let gradients = model.backward(result, target: target, observer: chains, keepAttentionGradients: false)
        let scores: [AttributionMethod: [Float]] = [
            .gradientWeighted: chains.gradientWeighted,
            .rollout: chains.rollout,
            .rawAttention: AttributionMethods.rawAttention(
                result.attentions.suffix(1).map { $0.slice(0) }, row: pooled),
            .gradientTimesInput: AttributionMethods.gradientTimesInput(
                gradient: gradients.inputsEmbeds, inputs: gradients.inputs),
        ]
        return (scores, chains.heads)
    }

    /// Explains one window given as ids (special tokens included) for the predicted label: forward, backward,
    /// every method and the head statistics, without words or faithfulness. Used by the benchmark.
    /// - Returns: the window's logits and the per-token scores of every method.
    public func explainWindow(ids: [Int]) throws -> (
        logits: [Float], scores: [AttributionMethod: [Float]], heads: [HeadStatistics]
    ) {
        let result = try model.forward(TokenBatch([ids]), recording: .backward)
        let logits = (0..<model.config.labels.count).map { result.logits[0, $0] }
        let target = logits.indices.max { logits[$0] < logits[$1] } ?? 0
        let special = Set([tokenizer.specialTokens.start, tokenizer.specialTokens.end])
        let kinds = HeadAnalysis.TokenKinds(
            isStart: ids.indices.map { $0 == 0 && special.contains(ids[$0]) },
            isEnd: ids.indices.map { $0 == ids.count - 1 && special.contains(ids[$0]) },
            isPunctuation: ids.map { Self.isPunctuation(tokenizer.token(forID: $0) ?? "") })
        let (scores, heads) = attribute(result, target: target, kinds: kinds)
        return (logits, scores, heads)
    }

    /// Spearman correlations of word scores between every pair of methods.
    func agreement(_ words: [Word]) -> Explanation.Agreement {
        let methods = Explanation.methods
        let vectors = methods.map { method in words.map { $0.scores[method] ?? 0 } }
        let matrix = vectors.map { a in vectors.map { b in RankCorrelation.spearman(a, b) } }
        return Explanation.Agreement(methods: methods, spearman: matrix)
    }

    /// Whether a token is punctuation only (after removing WordPiece `##`, byte-level `Ġ` and SentencePiece `▁`
    /// markers).
    static func isPunctuation(_ token: String) -> Bool {
        var text = token
        if text.hasPrefix("##") { text.removeFirst(2) }
        if text.hasPrefix("Ġ") { text.removeFirst() }
        if text.unicodeScalars.first == "\u{2581}" { text.unicodeScalars.removeFirst() }
        guard !text.isEmpty else { return false }
        return text.unicodeScalars.allSatisfy { $0.properties.generalCategory.isPunctuation }
    }
}

extension Unicode.GeneralCategory {
    fileprivate var isPunctuation: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            true
        default: false
        }
    }
}
