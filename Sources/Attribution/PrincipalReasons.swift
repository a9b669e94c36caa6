/// A principal reason for a decision: a readable span of the document (a sentence, a clause or a form line)
/// that carries a large share of the attribution, with its strongest words marked inside it.
///
/// Reasons are what an adverse-action notice or a case file quotes: never a lone word, always the passage the
/// reader can find in the document.
public struct PrincipalReason: Sendable, Codable, Equatable {
    /// The rank, from 1 (the strongest reason).
    public var rank: Int
    /// The passage as written in the document (leading and trailing whitespace removed).
    public var text: String
    /// Unicode-scalar range of the passage in the document text.
    public var start: Int
    public var end: Int
    /// Word indices (into `Explanation.words`) of the passage, `[firstWord, lastWord)`.
    public var firstWord: Int
    public var lastWord: Int
    /// Sum of the passage's positive word scores under the ranking method.
    public var score: Float
    /// The passage's share of all positive word scores in the document, in [0, 1].
    public var share: Float
    /// The passage's strongest words (word indices), at most three, in document order.
    public var strongestWords: [Int]
}

/// Finds principal reasons: the document is cut into passages (form lines, sentences, clauses), each passage
/// scores the sum of its words' positive attributions, and the strongest passages are kept.
public enum PrincipalReasons {
    /// Settings that change which passages are reasons (recorded in every dossier).
    public struct Settings: Sendable, Codable, Equatable {
        /// The attribution method whose word scores rank passages (gradient-weighted attention).
        public var method: AttributionMethod
        /// At most this many reasons (US adverse-action practice: four).
        public var limit: Int
        /// A passage longer than this many words is cut at commas, semicolons or colons into clauses.
        public var maximumWords: Int
        /// A passage is a reason only if its share is at least this fraction of the strongest passage's.
        public var minimumRelativeScore: Float

        public init(
            method: AttributionMethod = .gradientWeighted, limit: Int = 4, maximumWords: Int = 24,
            minimumRelativeScore: Float = 0.25
        ) {
            self.method = method
            self.limit = limit
            self.maximumWords = maximumWords
            self.minimumRelativeScore = minimumRelativeScore
        }
    }

    /// The principal reasons of a document.
    ///
    /// - Parameters:
    ///   - text: The document text the words' offsets refer to.
    ///   - words: The explanation's words, in document order.
    ///   - settings: Method, limit and passage length.
    /// - Returns: At most `settings.limit` reasons, strongest first; empty when no word scores above zero.
    public static func find(text: String, words: [Word], settings: Settings = Settings()) -> [PrincipalReason] {
        let scalars = Array(text.unicodeScalars)
        let scores: [Float] = words.map { max(0, $0.scores[settings.method] ?? 0) }
        let total = scores.reduce(0, +)
        guard total > 0 else { return [] }
        let passages = PassageSegmentation.passages(
            scalars: scalars, words: words, maximumWords: settings.maximumWords)
        let scored = passages.map { range -> (range: Range<Int>, score: Float) in
            (range, scores[range].reduce(0, +))
        }
        let ranked = scored.filter { $0.score > 0 }.sorted { a, b in
            a.score != b.score ? a.score > b.score : a.range.lowerBound < b.range.lowerBound
        }
        guard let best = ranked.first?.score else { return [] }
        let kept = ranked.prefix(max(0, settings.limit)).filter { $0.score >= settings.minimumRelativeScore * best }
        return kept.enumerated().map { index, passage in
            let range = passage.range
            let start = words[range.lowerBound].start
            let end = words[range.upperBound - 1].end
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[start..<max(start, end)])
            let clauseTop = scores[range].max() ?? 0
            let strongest = range.filter { scores[$0] > 0 && scores[$0] >= 0.5 * clauseTop }
                .sorted { scores[$0] > scores[$1] }.prefix(3).sorted()
            return PrincipalReason(
                rank: index + 1, text: String(view), start: start, end: end, firstWord: range.lowerBound,
                lastWord: range.upperBound, score: passage.score, share: passage.score / total,
                strongestWords: Array(strongest))
        }
    }
}

/// Cuts a document into passages of words: form lines, sentences, and clauses of long sentences.
enum PassageSegmentation {
    /// Abbreviations whose full stop does not end a sentence.
    static let abbreviations: Set<String> = [
        "mr.", "ms.", "mrs.", "dr.", "st.", "no.", "e.g.", "i.e.", "etc.", "inc.", "ltd.", "co.", "vs.", "approx.",
        "jr.", "sr.", "p.a.", "u.s.", "fig.", "art.", "sec.",
    ]

    /// Word-index ranges of the passages, covering every word once, in order.
    static func passages(scalars: [Unicode.Scalar], words: [Word], maximumWords: Int) -> [Range<Int>] {
        guard !words.isEmpty else { return [] }
        var sentences: [Range<Int>] = []
        var start = 0
        for i in words.indices {
            let isLast = i == words.count - 1
            if isLast || endsSentence(words[i], next: words[i + 1], scalars: scalars) {
                sentences.append(start..<(i + 1))
                start = i + 1
            }
        }
        return sentences.flatMap { clauses(of: $0, words: words, maximumWords: maximumWords) }
    }

    /// Whether a sentence or a line ends after `word`.
    static func endsSentence(_ word: Word, next: Word, scalars: [Unicode.Scalar]) -> Bool {
        // A line break between the words ends the passage (form lines, list items, headings).
        if scalars[word.end..<next.start].contains(where: { $0 == "\n" || $0 == "\r" }) { return true }
        guard let last = word.text.unicodeScalars.last else { return false }
        if last == "!" || last == "?" { return true }
        guard last == "." else { return false }
        if abbreviations.contains(word.text.lowercased()) { return false }
        // "47.5" never reaches here (the word does not end in a full stop); an initial such as "J." does not end
        // a sentence either.
        if word.text.unicodeScalars.count == 2, word.text.unicodeScalars.first?.properties.isUppercase == true {
            return false
        }
        return true
    }

    /// A sentence longer than `maximumWords` cut after words ending in `;`, `:` or `,` into clauses of about
    /// `maximumWords` words, and after `2 × maximumWords` words where no such word comes.
    static func clauses(of sentence: Range<Int>, words: [Word], maximumWords: Int) -> [Range<Int>] {
        guard sentence.count > maximumWords else { return [sentence] }
        var result: [Range<Int>] = []
        var start = sentence.lowerBound
        var lastCut: Int?
        for i in sentence {
            if let last = words[i].text.unicodeScalars.last, last == ";" || last == ":" || last == "," {
                lastCut = i + 1
            }
            if i + 1 - start >= maximumWords, let cut = lastCut, cut > start {
                result.append(start..<cut)
                start = cut
                lastCut = nil
            } else if i + 1 - start >= 2 * maximumWords {
                // No punctuation to cut at: a hard cut keeps a reason quotable.
                result.append(start..<(i + 1))
                start = i + 1
                lastCut = nil
            }
        }
        if start < sentence.upperBound { result.append(start..<sentence.upperBound) }
        return result
    }
}
