import Models
import Support

/// The quick check of how far an explanation can be trusted: the principal reasons are removed from the
/// document, then kept alone, and the same number of random words is removed in seeded draws; each edited
/// document is classified again.
///
/// If the reasons carry the decision, removing them moves the decision's probability much more than removing
/// as many random words does, and keeping them alone keeps the decision.
public struct TrustCheck: Sendable, Codable, Equatable {
    /// The decision's label index and name (the explained target).
    public var target: Int
    public var targetLabel: String
    /// p(target | whole document).
    public var fullProbability: Float
    /// Words removed or kept: the words of every principal reason.
    public var reasonWords: Int
    /// Words in the document.
    public var documentWords: Int
    /// How words are removed: "word pieces deleted".
    public var removal: String
    /// The document without the principal reasons.
    public var withoutReasons: Outcome
    /// Only the principal reasons, in document order.
    public var onlyReasons: Outcome
    /// The document without `reasonWords` words drawn at random, one outcome per seed.
    public var randomRemovals: [Outcome]
    /// The seeds of the random draws.
    public var randomSeeds: [UInt64]

    /// The classifier's answer on one edited document.
    public struct Outcome: Sendable, Codable, Equatable {
        /// p(target | edited document).
        public var probability: Float
        /// Every class's probability.
        public var probabilities: [Float]
        /// The label the classifier predicts for the edited document.
        public var label: String
        /// Whether that label differs from the original decision.
        public var decisionChanges: Bool
    }

    /// p(full) − p(without the reasons): how much the decision loses when its reasons are removed.
    public var dropWithoutReasons: Float { fullProbability - withoutReasons.probability }
    /// The mean drop over the random draws.
    public var meanRandomDrop: Float {
        randomRemovals.isEmpty
            ? 0 : randomRemovals.map { fullProbability - $0.probability }.reduce(0, +) / Float(randomRemovals.count)
    }
}

extension Explainer {
    /// Runs the quick trust check for an explanation and its principal reasons.
    ///
    /// All edited documents (without the reasons, only the reasons, `draws` random removals) run in one batched
    /// pass, windowed as the explanation was.
    /// - Parameters:
    ///   - explanation: The explanation of the document (its tokens, words and window plan are reused).
    ///   - reasons: The principal reasons whose words are removed or kept.
    ///   - draws: How many random removals (3).
    ///   - seed: The first random draw's seed; draw `i` uses `seed + i`.
    ///   - cache: Windows already classified (e.g. the explanation's own), not run again.
    /// - Throws: `AttributionError.nonFinite` if the model produces a non-finite logit; model errors.
    public func checkTrust(
        explanation: Explanation, reasons: [PrincipalReason], draws: Int = 3, seed: UInt64 = 0x5EED,
        cache: WindowLogitsCache? = nil
    ) throws -> TrustCheck {
        let ids = explanation.tokens.map(\.id)
        let words = explanation.words
        var inReasons = [Bool](repeating: false, count: words.count)
        for reason in reasons { for w in reason.firstWord..<reason.lastWord { inReasons[w] = true } }
        let reasonWords = inReasons.filter { $0 }.count
        func tokens(of selected: [Bool]) -> [Bool] {
            var marked = [Bool](repeating: false, count: ids.count)
            for (w, isSelected) in selected.enumerated() where isSelected {
                for t in words[w].tokenStart..<words[w].tokenEnd { marked[t] = true }
            }
            return marked
        }
        let reasonTokens = tokens(of: inReasons)
        var documents = [
            ids.indices.filter { !reasonTokens[$0] }.map { ids[$0] },
            ids.indices.filter { reasonTokens[$0] }.map { ids[$0] },
        ]
        let seeds = (0..<UInt64(max(0, draws))).map { seed &+ $0 }
        for drawSeed in seeds {
            var generator = SeededGenerator(seed: drawSeed)
            var chosen = [Bool](repeating: false, count: words.count)
            for w in generator.shuffled(Array(words.indices)).prefix(reasonWords) { chosen[w] = true }
            let removed = tokens(of: chosen)
            documents.append(ids.indices.filter { !removed[$0] }.map { ids[$0] })
        }
        let logits = try predict(
            documents: documents, windowSize: explanation.document.windowSize,
            stride: explanation.document.windowStride, cache: cache)
        let labels = explanation.model.labels
        let target = explanation.prediction.target
        let outcomes = logits.map { row -> TrustCheck.Outcome in
            let probabilities = softmax(row)
            let predicted = probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 0
            return TrustCheck.Outcome(
                probability: probabilities[target], probabilities: probabilities, label: labels[predicted],
                decisionChanges: predicted != explanation.prediction.index)
        }
        return TrustCheck(
            target: target, targetLabel: labels[target],
            fullProbability: explanation.prediction.probabilities[target], reasonWords: reasonWords,
            documentWords: words.count, removal: "word pieces deleted", withoutReasons: outcomes[0],
            onlyReasons: outcomes[1], randomRemovals: Array(outcomes.dropFirst(2)), randomSeeds: seeds)
    }
}
