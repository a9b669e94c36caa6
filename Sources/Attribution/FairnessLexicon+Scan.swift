extension FairnessLexicon {
    /// A word as the lexicon sees it: a run of letters, digits and marks, joined by an inner hyphen or
    /// apostrophe ("single-family", "Ji-woo", "O'Neil" are one word each).
    struct ScannedWord: Sendable {
        var text: String
        var lower: String
        /// Unicode-scalar offsets in the text.
        var start: Int
        var end: Int
    }

    /// A text split into words, with the helpers the rules need to look around a word.
    struct Scan: Sendable {
        let scalars: [Unicode.Scalar]
        let words: [ScannedWord]

        init(_ text: String) {
            let scalars = Array(text.unicodeScalars)
            self.scalars = scalars
            var words: [ScannedWord] = []
            var i = 0
            while i < scalars.count {
                guard Self.isWordScalar(scalars[i]) else {
                    i += 1
                    continue
                }
                let start = i
                while i < scalars.count {
                    if Self.isWordScalar(scalars[i]) {
                        i += 1
                    } else if Self.isJoiner(scalars[i]), i + 1 < scalars.count, Self.isWordScalar(scalars[i + 1]) {
                        i += 1
                    } else {
                        break
                    }
                }
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[start..<i])
                let word = String(view)
                words.append(ScannedWord(text: word, lower: word.lowercased(), start: start, end: i))
            }
            self.words = words
        }

        static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
            let properties = scalar.properties
            return properties.isAlphabetic || properties.numericType != nil
                || properties.generalCategory == .nonspacingMark
        }

        static func isJoiner(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "-" || scalar == "'" || scalar == "\u{2019}"
        }

        /// Scalars of `start..<end` as a string.
        func text(_ start: Int, _ end: Int) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[max(0, start)..<min(end, scalars.count)])
            return String(view)
        }

        /// The characters between word `i - 1` (or the start of the text) and word `i`.
        func gap(before i: Int) -> String {
            text(i > 0 ? words[i - 1].end : 0, words[i].start)
        }

        /// The characters between word `i` and word `i + 1` (or the end of the text).
        func gap(after i: Int) -> String {
            text(words[i].end, i + 1 < words.count ? words[i + 1].start : scalars.count)
        }

        /// Whether a gap ends a clause: it holds `.`, `;`, `!`, `?` or a line break.
        static func breaksClause(_ gap: String) -> Bool {
            gap.unicodeScalars.contains { ".;!?\n".unicodeScalars.contains($0) }
        }

        /// The word range of the clause around words `first...last`.
        func clause(around first: Int, _ last: Int) -> Range<Int> {
            var lower = first
            while lower > 0, !Self.breaksClause(gap(before: lower)) { lower -= 1 }
            var upper = last
            while upper + 1 < words.count, !Self.breaksClause(gap(after: upper)) { upper += 1 }
            return lower..<(upper + 1)
        }

        /// The word after `last` when only spaces (and, if asked, one period first) separate them.
        func nextWordInPhrase(after last: Int, skippingPeriod: Bool) -> String? {
            guard last + 1 < words.count else { return nil }
            var between = Substring(gap(after: last))
            if skippingPeriod, between.first == "." { between = between.dropFirst() }
            guard !between.isEmpty, between.allSatisfy({ $0 == " " }) else { return nil }
            return words[last + 1].text
        }

        /// Whether the words before `first` are `phrase` (lower-case), within the same clause.
        func isPreceded(_ first: Int, by phrase: String) -> Bool {
            let needle = phrase.split(separator: " ").map(String.init)
            guard first >= needle.count else { return false }
            for (k, word) in needle.enumerated() {
                let index = first - needle.count + k
                guard words[index].lower == word, !Self.breaksClause(gap(after: index)) else { return false }
            }
            return true
        }

        /// Whether a predicate ends after word `last`: punctuation, a line break, the end, or "and" / "but".
        func endsPredicate(after last: Int) -> Bool {
            let rest = gap(after: last).drop { $0 == " " }
            if last + 1 == words.count, rest.allSatisfy({ $0.isWhitespace || $0.isPunctuation }) { return true }
            if let mark = rest.first, mark.isPunctuation || mark == "\n" { return true }
            return rest.isEmpty && ["and", "but"].contains(words[last + 1].lower)
        }

        /// Whether word `i` opens a sentence (or a line).
        func isSentenceStart(_ i: Int) -> Bool {
            let before = gap(before: i).filter { $0 != " " }
            return i == 0 ? before.allSatisfy { $0 == "\n" } : before.last.map { ".!?\n".contains($0) } ?? false
        }

        /// Whether `start..<end` lies in a form-field label: before a colon, in a label of at most five words
        /// without digits that starts a line or follows a sentence ("Public assistance received: …").
        func isInFieldLabel(start: Int, end: Int) -> Bool {
            let breaks = ".;!?:\n".unicodeScalars
            var labelStart = start
            while labelStart > 0, !breaks.contains(scalars[labelStart - 1]) { labelStart -= 1 }
            var colon = end
            while colon < scalars.count, !breaks.contains(scalars[colon]) { colon += 1 }
            guard colon < scalars.count, scalars[colon] == ":" else { return false }
            let label = text(labelStart, colon)
            guard !label.contains(where: \.isNumber) else { return false }
            return label.split(whereSeparator: { $0 == " " }).count <= 5
        }
    }
}
