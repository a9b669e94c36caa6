/// `Replace`: every match of a literal string or a regular expression becomes `content`.
///
/// Matches are found leftmost first and never overlap (a literal is matched as the escaped regex `tokenizers`
/// builds from it). Each scalar of `content` takes the origin of the last matched scalar, as
/// `NormalizedString::replace` does.
struct ReplaceNormalizer: NormalizationStep, @unchecked Sendable {
    // `@unchecked`: `Regex` is immutable once built, but not declared `Sendable` on every toolchain.

    /// What is looked for.
    enum Pattern {
        /// A literal, e.g. `` "``" ``; never empty.
        case string([Unicode.Scalar])
        /// A regular expression over Unicode scalars, e.g. `" {2,}"`.
        case regex(Regex<AnyRegexOutput>)
    }

    let pattern: Pattern
    /// The replacement, e.g. `"▁"`.
    let content: [Unicode.Scalar]

    /// Replaces the literal `string` (not empty).
    init(string: String, content: String) {
        pattern = .string(Array(string.unicodeScalars))
        self.content = Array(content.unicodeScalars)
    }

    /// Replaces the matches of `regex`.
    ///
    /// - Throws: the parser's error when `regex` is not a pattern Swift's `Regex` understands.
    init(regex: String, content: String) throws {
        pattern = .regex(try Regex(regex).matchingSemantics(.unicodeScalar))
        self.content = Array(content.unicodeScalars)
    }

    func normalize(_ text: inout NormalizedText) {
        text.replace(matches(in: text.scalars), with: content)
    }

    /// The scalar ranges matched in `scalars`, in order.
    func matches(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        switch pattern {
        case .string(let literal):
            guard let first = literal.first, scalars.count >= literal.count else { return [] }
            var result: [Range<Int>] = []
            var index = 0
            while index + literal.count <= scalars.count {
                if scalars[index] == first && scalars[index..<(index + literal.count)].elementsEqual(literal) {
                    result.append(index..<(index + literal.count))
                    index += literal.count
                } else {
                    index += 1
                }
            }
            return result
        case .regex(let regex):
            guard !scalars.isEmpty else { return [] }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            let string = String(view)
            let unicodeScalars = string.unicodeScalars
            var result: [Range<Int>] = []
            // Scalar offsets found incrementally, so many matches stay linear.
            var knownIndex = unicodeScalars.startIndex
            var knownOffset = 0
            func offset(of index: String.Index) -> Int {
                knownOffset += unicodeScalars.distance(from: knownIndex, to: index)
                knownIndex = index
                return knownOffset
            }
            for match in string.matches(of: regex) {
                let lower = offset(of: match.range.lowerBound)
                let upper = offset(of: match.range.upperBound)
                result.append(lower..<upper)
            }
            return result
        }
    }
}
