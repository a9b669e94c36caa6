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
        /// One of the regular expressions the SentencePiece conversions write, matched by hand (much faster).
        case known(KnownRegex)
    }

    /// The patterns `transformers`' converters put in tokenizer.json, with a matcher written out for each.
    enum KnownRegex: String, CaseIterable {
        /// Runs of two or more spaces (SentencePiece's `remove_extra_whitespaces`, XLM-R, DeBERTa).
        case spaceRuns = " {2,}"
        /// DeBERTa-v2 in transformers 5: whitespace runs, or one newline, return or tab.
        case whitespaceRunsOrBreak = #"\s{2,}|[\n\r\t]"#
        /// Leading or trailing spaces.
        case edgeSpaces = #"\A +| +\z"#
        /// A `▁` that starts the text.
        case leadingMetaspace = "\\A\u{2581}"
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
        if let known = KnownRegex(rawValue: regex) {
            pattern = .known(known)
        } else {
            pattern = .regex(try Self.compile(regex))
        }
        self.content = Array(content.unicodeScalars)
    }

    /// `regex` for Swift's engine, matching scalar by scalar as `tokenizers`' Oniguruma does.
    static func compile(_ regex: String) throws -> Regex<AnyRegexOutput> {
        try Regex(regex).matchingSemantics(.unicodeScalar)
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
        case .known(let known):
            return known.matches(in: scalars)
        case .regex(let regex):
            return Self.regexMatches(of: regex, in: scalars)
        }
    }

    /// The matches of `regex` in `scalars` by Swift's engine, as scalar ranges.
    static func regexMatches(of regex: Regex<AnyRegexOutput>, in scalars: [Unicode.Scalar]) -> [Range<Int>] {
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

extension ReplaceNormalizer.KnownRegex {
    /// The leftmost, non-overlapping matches, as Oniguruma finds them.
    func matches(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        let count = scalars.count
        var result: [Range<Int>] = []
        /// The end of the run of scalars satisfying `predicate` from `start`.
        func runEnd(from start: Int, _ predicate: (Unicode.Scalar) -> Bool) -> Int {
            var end = start
            while end < count && predicate(scalars[end]) { end += 1 }
            return end
        }
        switch self {
        case .spaceRuns:
            var index = 0
            while index < count {
                let end = runEnd(from: index) { $0 == " " }
                if end - index >= 2 { result.append(index..<end) }
                index = max(end, index + 1)
            }
        case .whitespaceRunsOrBreak:
            var index = 0
            while index < count {
                let end = runEnd(from: index) { $0.properties.isWhitespace }
                if end - index >= 2 {
                    result.append(index..<end)
                    index = end
                    continue
                }
                let scalar = scalars[index]
                if scalar == "\n" || scalar == "\r" || scalar == "\t" { result.append(index..<(index + 1)) }
                index += 1
            }
        case .edgeSpaces:
            let leading = runEnd(from: 0) { $0 == " " }
            if leading > 0 { result.append(0..<leading) }
            var start = count
            while start > leading && scalars[start - 1] == " " { start -= 1 }
            if start < count { result.append(start..<count) }
        case .leadingMetaspace:
            if count > 0 && scalars[0] == "\u{2581}" { result.append(0..<1) }
        }
        return result
    }
}
