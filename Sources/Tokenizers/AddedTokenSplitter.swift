/// Finds ``AddedToken``s in the original text and splits it around them.
///
/// Mirrors `AddedVocabulary::find_matches` in `tokenizers`: leftmost-longest, non-overlapping matches; `lstrip`
/// and `rstrip` widen a match over adjacent whitespace; `single_word` rejects matches inside a word.
struct AddedTokenSplitter: Sendable {
    /// A piece of the original text: either plain text to normalise and tokenise, or one added token.
    enum Piece: Equatable {
        case text(Range<Int>)
        case token(AddedToken, Range<Int>)
    }

    /// Added tokens by first scalar, longest first.
    private let candidates: [Unicode.Scalar: [(scalars: [Unicode.Scalar], token: AddedToken)]]

    init(tokens: [AddedToken]) {
        var candidates: [Unicode.Scalar: [(scalars: [Unicode.Scalar], token: AddedToken)]] = [:]
        for token in tokens {
            let scalars = Array(token.content.unicodeScalars)
            guard let first = scalars.first else { continue }
            candidates[first, default: []].append((scalars, token))
        }
        for key in candidates.keys {
            candidates[key]?.sort { $0.scalars.count > $1.scalars.count }
        }
        self.candidates = candidates
    }

    /// Splits `text` (original scalars) into plain-text and added-token pieces, in order.
    func split(_ text: [Unicode.Scalar]) -> [Piece] {
        guard !candidates.isEmpty else { return text.isEmpty ? [] : [.text(0..<text.count)] }
        var pieces: [Piece] = []
        var previousEnd = 0
        var index = 0
        while index < text.count {
            guard let match = longestMatch(in: text, at: index) else {
                index += 1
                continue
            }
            var start = index
            var end = index + match.scalars.count
            if match.token.singleWord {
                let wordBefore = start > 0 && Self.isWordCharacter(text[start - 1])
                let wordAfter = end < text.count && Self.isWordCharacter(text[end])
                if wordBefore || wordAfter {
                    index += 1
                    continue
                }
            }
            if match.token.leftStrip {
                while start > previousEnd && text[start - 1].properties.isWhitespace { start -= 1 }
            }
            if match.token.rightStrip {
                while end < text.count && text[end].properties.isWhitespace { end += 1 }
            }
            if previousEnd < start { pieces.append(.text(previousEnd..<start)) }
            pieces.append(.token(match.token, start..<end))
            previousEnd = end
            index = end
        }
        if previousEnd < text.count { pieces.append(.text(previousEnd..<text.count)) }
        return pieces
    }

    private func longestMatch(in text: [Unicode.Scalar], at index: Int) -> (
        scalars: [Unicode.Scalar], token: AddedToken
    )? {
        guard let list = candidates[text[index]] else { return nil }
        for candidate in list where index + candidate.scalars.count <= text.count {
            var matches = true
            for (offset, scalar) in candidate.scalars.enumerated() where text[index + offset] != scalar {
                matches = false
                break
            }
            if matches { return candidate }
        }
        return nil
    }

    /// Word characters for `single_word`: the regex class `\w` that `tokenizers` tests with (Unicode
    /// Alphabetic, marks, decimal digits, connector punctuation and the joiners U+200C/U+200D).
    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.isAlphabetic || properties.isJoinControl { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation:
            return true
        default:
            return false
        }
    }
}
