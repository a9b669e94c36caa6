/// A word of the original text: a maximal run of tokens whose character ranges touch (no space between),
/// e.g. "$25,000" or "loan," — what a reader sees as one word, whatever the tokenizer did to it.
public struct Word: Sendable, Codable, Equatable {
    /// The word as written in the original text.
    public var text: String
    /// Unicode-scalar range in the original text.
    public var start: Int
    public var end: Int
    /// Content-token indices (document level) that make up the word.
    public var tokenStart: Int
    public var tokenEnd: Int
    /// The word's score under each method: the sum over its word pieces.
    public var scores: [AttributionMethod: Float]
}

/// A run of adjacent high-scoring words, highlighted as one phrase.
public struct Phrase: Sendable, Codable, Equatable {
    public var text: String
    public var start: Int
    public var end: Int
    /// Word indices `[first, last]`.
    public var firstWord: Int
    public var lastWord: Int
    /// Sum of the words' scores.
    public var score: Float
}

/// Groups tokens into words and words into phrases.
public enum WordGrouping {
    /// Word boundaries from token offsets: a new word starts where a token does not start exactly where the
    /// previous one ended (whitespace or a skipped character between them).
    /// - Parameter offsets: content tokens' Unicode-scalar ranges, in order.
    /// - Returns: token-index ranges, one per word.
    public static func wordRanges(offsets: [Range<Int>]) -> [Range<Int>] {
        var words: [Range<Int>] = []
        var start = 0
        for i in offsets.indices.dropFirst() where offsets[i].lowerBound != offsets[i - 1].upperBound {
            words.append(start..<i)
            start = i
        }
        if !offsets.isEmpty { words.append(start..<offsets.count) }
        return words
    }

    /// Phrases: maximal runs of adjacent words whose score is at least `threshold` × the largest word score
    /// (only positive scores count), longest-scoring first, at most `limit` of them.
    public static func phrases(
        words: [Word], method: AttributionMethod, scalars: [Unicode.Scalar], threshold: Float = 0.4, limit: Int = 12
    ) -> [Phrase] {
        let scores = words.map { $0.scores[method] ?? 0 }
        guard let top = scores.max(), top > 0 else { return [] }
        var phrases: [Phrase] = []
        var i = 0
        while i < words.count {
            guard scores[i] >= threshold * top else {
                i += 1
                continue
            }
            var j = i
            while j + 1 < words.count, scores[j + 1] >= threshold * top { j += 1 }
            let start = words[i].start
            let end = words[j].end
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars[start..<end])
            phrases.append(
                Phrase(
                    text: String(text), start: start, end: end, firstWord: i, lastWord: j,
                    score: scores[i...j].reduce(0, +)))
            i = j + 1
        }
        return Array(phrases.sorted { $0.score > $1.score }.prefix(limit))
    }
}
