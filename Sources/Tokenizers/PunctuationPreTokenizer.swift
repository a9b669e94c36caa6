/// `Punctuation`: splits at every punctuation scalar (ASCII punctuation and Unicode P*, as in BERT), keeping or
/// dropping it by `behavior` (`pre_tokenizers/punctuation.rs`; DeBERTa-v2/v3 with `split_by_punct`).
struct PunctuationPreTokenizer: PreTokenizationStep {
    /// What happens to each delimiter (`SplitDelimiterBehavior`, default `Isolated`).
    var behavior: SplitDelimiterBehavior

    func split(_ split: TextSplit, into output: inout [TextSplit]) {
        split.split(where: \.isBertPunctuation, behavior: behavior, into: &output)
    }
}

/// `SplitDelimiterBehavior` of `tokenizers`: what a split does with the scalars that delimit it.
enum SplitDelimiterBehavior: String, Sendable {
    /// `the-final--countdown` → `the`, `final`, `countdown`.
    case removed = "Removed"
    /// → `the`, `-`, `final`, `-`, `-`, `countdown`.
    case isolated = "Isolated"
    /// → `the-`, `final-`, `-`, `countdown`.
    case mergedWithPrevious = "MergedWithPrevious"
    /// → `the`, `-final`, `-`, `-countdown`.
    case mergedWithNext = "MergedWithNext"
    /// → `the`, `-`, `final`, `--`, `countdown`.
    case contiguous = "Contiguous"
}

extension TextSplit {
    /// Splits at every scalar satisfying `isDelimiter`, as `NormalizedString::split` with a character
    /// predicate: each delimiter is its own match, then `behavior` merges or drops the matches.
    func split(
        where isDelimiter: (Unicode.Scalar) -> Bool, behavior: SplitDelimiterBehavior, into output: inout [TextSplit]
    ) {
        // The pattern's pieces: one per delimiter scalar, one per run of other scalars.
        var pieces: [(range: Range<Int>, isMatch: Bool)] = []
        var runStart = 0
        for (index, scalar) in text.scalars.enumerated() where isDelimiter(scalar) {
            if runStart < index { pieces.append((runStart..<index, false)) }
            pieces.append((index..<(index + 1), true))
            runStart = index + 1
        }
        if runStart < text.count { pieces.append((runStart..<text.count, false)) }

        var merged: [Range<Int>] = []
        switch behavior {
        case .removed:
            merged = pieces.filter { !$0.isMatch }.map(\.range)
        case .isolated:
            merged = pieces.map(\.range)
        case .mergedWithPrevious:
            var previousMatch = false
            for piece in pieces {
                if piece.isMatch && !previousMatch, let last = merged.last {
                    merged[merged.count - 1] = last.lowerBound..<piece.range.upperBound
                } else {
                    merged.append(piece.range)
                }
                previousMatch = piece.isMatch
            }
        case .mergedWithNext:
            var previousMatch = false
            for piece in pieces.reversed() {
                if piece.isMatch && !previousMatch, let last = merged.last {
                    merged[merged.count - 1] = piece.range.lowerBound..<last.upperBound
                } else {
                    merged.append(piece.range)
                }
                previousMatch = piece.isMatch
            }
            merged.reverse()
        case .contiguous:
            var previousMatch = false
            for piece in pieces {
                if piece.isMatch == previousMatch, let last = merged.last {
                    merged[merged.count - 1] = last.lowerBound..<piece.range.upperBound
                } else {
                    merged.append(piece.range)
                }
                previousMatch = piece.isMatch
            }
        }
        for range in merged where !range.isEmpty { output.append(slice(range)) }
    }
}
