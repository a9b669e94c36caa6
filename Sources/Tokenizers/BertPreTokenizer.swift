/// BERT's pre-tokeniser: splits on whitespace (dropped) and isolates every punctuation character.
///
/// Mirrors `BertPreTokenizer` in `tokenizers` (`pre_tokenizers/bert.rs`): split on `char::is_whitespace`
/// with the delimiter removed, then on BERT punctuation with the delimiter isolated.
enum BertPreTokenizer {
    /// The word ranges, in normalised scalars, of `text`.
    static func split(_ text: NormalizedText) -> [Range<Int>] {
        var words: [Range<Int>] = []
        var start: Int? = nil
        for (index, scalar) in text.scalars.enumerated() {
            if scalar.isBertWhitespace {
                if let begin = start { words.append(begin..<index) }
                start = nil
            } else if scalar.isBertPunctuation {
                if let begin = start { words.append(begin..<index) }
                words.append(index..<(index + 1))
                start = nil
            } else if start == nil {
                start = index
            }
        }
        if let begin = start { words.append(begin..<text.scalars.count) }
        return words
    }
}
