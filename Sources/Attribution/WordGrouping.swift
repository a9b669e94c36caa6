/// A word of the original text: a maximal run of tokens whose character ranges touch (no space between),
/// e.g. "$25,000" or "loan," — what a reader sees as one word, whatever the tokenizer did to it. With a
/// SentencePiece tokenizer the `▁` marker decides instead (see ``WordGrouping/wordSpans(tokens:offsets:scalars:)``).
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

/// A word found by ``WordGrouping/wordSpans(tokens:offsets:scalars:sentencePiece:)``: its tokens and its characters.
public struct WordSpan: Sendable, Equatable {
    /// Content-token indices of the word (a stand-alone `▁` before it included).
    public var tokens: Range<Int>
    /// Unicode-scalar range of the word in the original text (no leading space, no `▁`).
    public var characters: Range<Int>

    public init(tokens: Range<Int>, characters: Range<Int>) {
        self.tokens = tokens
        self.characters = characters
    }
}

/// Groups tokens into words and words into phrases.
public enum WordGrouping {
    /// The SentencePiece word marker (U+2581), which `Metaspace` puts where a space was or a word starts.
    public static let metaspace = "\u{2581}"

    /// Word boundaries from token offsets: a new word starts where a token starts after the previous one ended
    /// (whitespace or a skipped character between them); tokens that touch or share a character stay together.
    /// - Parameter offsets: content tokens' Unicode-scalar ranges, in order.
    /// - Returns: token-index ranges, one per word.
    public static func wordRanges(offsets: [Range<Int>]) -> [Range<Int>] {
        wordSpans(tokens: [], offsets: offsets, scalars: [], sentencePiece: false).map(\.tokens)
    }

    /// Words from tokens and their offsets, for every tokenizer.
    ///
    /// WordPiece and byte-level BPE (`Ġ`) encodings: a new word starts where a token starts after the previous one
    /// ended (whitespace or a skipped character between them); a byte-level `Ġ` token has an empty range at the
    /// next word's first character, so it starts that word. Tokens that share a character stay in one word:
    /// byte-level BPE may cut a character's UTF-8 bytes (`ﬁ`, an emoji) across tokens that all carry its range,
    /// which would otherwise make words of one character each, overlapping the next.
    ///
    /// SentencePiece encodings (the Unigram tokenizers of XLM-RoBERTa and DeBERTa-v2/v3) mark word starts with `▁`,
    /// and their offsets alone mislead: DeBERTa's `▁world` covers the space after `Hello,` and so touches it,
    /// XLM-R's stand-alone `▁` has the offsets of the next word's first letter. So there a token beginning with
    /// `▁` starts a new word, whose characters start at its first non-whitespace character; a stand-alone `▁` (or a
    /// token of whitespace alone, such as a tab as byte-fallback bytes) joins the following word (its tokens, not
    /// its characters) or, with nothing after it, no word; other tokens continue the word when they touch or
    /// overlap it (NFKC turns `ﬁ` into `f` + `i`, both with the ligature's range) and start one after a gap.
    ///
    /// - Parameters:
    ///   - tokens: the content tokens' strings, as the tokenizer spells them (empty: offsets alone decide).
    ///   - offsets: content tokens' Unicode-scalar ranges, in order.
    ///   - scalars: the original text's Unicode scalars (to skip the space a `▁` token covers).
    ///   - sentencePiece: whether the tokens come from a SentencePiece tokenizer (`UnigramTokenizer`); `nil`
    ///     decides from the tokens (some token begins with `▁`), which a text of whitespace alone cannot show.
    /// - Returns: the words in order; every token belongs to at most one word.
    public static func wordSpans(
        tokens: [String], offsets: [Range<Int>], scalars: [Unicode.Scalar], sentencePiece: Bool? = nil
    ) -> [WordSpan] {
        precondition(tokens.isEmpty || tokens.count == offsets.count, "one token string per offset")
        // Scalars, not Characters: a combining mark after `▁` would make one Character of both.
        func isMarked(_ token: String) -> Bool { token.unicodeScalars.first == "\u{2581}" }
        let sentencePiece = sentencePiece ?? tokens.contains(where: isMarked)
        var spans: [WordSpan] = []
        var open: (tokenStart: Int, start: Int, end: Int)?
        var pendingMarker: Int?  // the first of the separators waiting for the next word
        func close(before index: Int) {
            if let word = open {
                spans.append(WordSpan(tokens: word.tokenStart..<index, characters: word.start..<word.end))
            }
            open = nil
        }
        for (i, range) in offsets.enumerated() {
            let token = tokens.isEmpty ? "" : tokens[i]
            // A stand-alone `▁`, or a token of whitespace alone (a tab, a no-break space the `Metaspace` left), is
            // a separator: it ends the word before it and joins the next.
            let separator =
                token.unicodeScalars.elementsEqual(metaspace.unicodeScalars)
                || (!range.isEmpty && range.upperBound <= scalars.count
                    && scalars[range].allSatisfy { $0.properties.isWhitespace })
            if sentencePiece, separator {
                close(before: i)
                if pendingMarker == nil { pendingMarker = i }
                continue
            }
            let marked = sentencePiece && isMarked(token)
            if let word = open, !marked,
                range.lowerBound <= word.end
            {
                open?.end = max(word.end, range.upperBound)
                continue
            }
            close(before: i)
            var start = range.lowerBound
            if marked {
                while start < min(range.upperBound, scalars.count), scalars[start].properties.isWhitespace {
                    start += 1
                }
            }
            open = (pendingMarker ?? i, start, max(start, range.upperBound))
            pendingMarker = nil
        }
        close(before: offsets.count)
        return spans
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
