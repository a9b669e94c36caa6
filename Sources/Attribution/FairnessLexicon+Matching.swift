extension FairnessLexicon {
    /// Finds every mention of a protected attribute in `text`.
    ///
    /// Rows of the table, the age rules and the name rules all propose mentions; overlapping proposals are
    /// resolved in favour of the one that starts first, then the longest ("SNAP food assistance" over "SNAP",
    /// "Mr. Christian Hale"'s name over the religion "Christian"); then only `attributes` are kept.
    /// - Parameters:
    ///   - text: The document text.
    ///   - attributes: The attributes to report; `nil` reports all of them.
    /// - Returns: Non-overlapping mentions in text order, offsets in Unicode scalars.
    public func mentions(in text: String, attributes: Set<FairnessAttribute>? = nil) -> [FairnessMention] {
        let scan = Scan(text)
        let candidates = termMentions(scan) + ageMentions(scan) + nameMentions(scan)
        let ordered = candidates.sorted {
            $0.start != $1.start ? $0.start < $1.start : $0.end - $0.start > $1.end - $1.start
        }
        var kept: [FairnessMention] = []
        var reached = 0
        for mention in ordered where mention.start >= reached {
            kept.append(mention)
            reached = mention.end
        }
        guard let attributes else { return kept }
        return kept.filter { attributes.contains($0.attribute) }
    }

    /// `text` with every mention in `mentions` edited: its replacement written in its place, or for a removal
    /// the mention and one adjacent space deleted.
    /// - Parameters:
    ///   - text: The text the mentions were found in.
    ///   - mentions: Non-overlapping mentions of `text`.
    /// - Returns: The counterfactual text.
    public func counterfactual(of text: String, editing mentions: [FairnessMention]) -> String {
        var scalars = Array(text.unicodeScalars)
        for mention in mentions.sorted(by: { $0.start > $1.start }) {
            guard mention.start >= 0, mention.start <= mention.end, mention.end <= scalars.count else { continue }
            var range = mention.start..<mention.end
            if mention.replacement.isEmpty {
                if range.lowerBound > 0, scalars[range.lowerBound - 1] == " " {
                    range = (range.lowerBound - 1)..<range.upperBound
                } else if range.upperBound < scalars.count, scalars[range.upperBound] == " " {
                    range = range.lowerBound..<(range.upperBound + 1)
                }
            }
            scalars.replaceSubrange(range, with: Array(mention.replacement.unicodeScalars))
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }

    // MARK: - Table rows

    /// Mentions proposed by the table's rows.
    func termMentions(_ scan: Scan) -> [FairnessMention] {
        var found: [FairnessMention] = []
        for term in terms {
            let termWords = term.text.split(separator: " ").map(String.init)
            guard !termWords.isEmpty, scan.words.count >= termWords.count else { continue }
            for first in 0...(scan.words.count - termWords.count) {
                let last = first + termWords.count - 1
                guard matches(term, termWords, scan, first), satisfies(term.context, scan, first, last, term) else {
                    continue
                }
                var end = scan.words[last].end
                var replacement = term.partners.first ?? ""
                if term.abbreviation, end < scan.scalars.count, scan.scalars[end] == "." {
                    end += 1
                    replacement += "."
                }
                let start = scan.words[first].start
                guard !scan.isInFieldLabel(start: start, end: end) else { continue }
                let written = scan.text(start, scan.words[last].end)
                replacement = Self.transferCase(from: written, canonical: term.text, to: replacement)
                if term.edit == .neutralize, scan.isSentenceStart(first) {
                    replacement = replacement.prefix(1).uppercased() + replacement.dropFirst()
                }
                found.append(
                    FairnessMention(
                        attribute: term.attribute, text: scan.text(start, end), start: start, end: end,
                        edit: term.edit, replacement: replacement, rule: "term"))
            }
        }
        return found
    }

    /// Whether the words from `first` spell the row's term, in the case the row allows, with only spaces between.
    func matches(_ term: Term, _ termWords: [String], _ scan: Scan, _ first: Int) -> Bool {
        for (k, termWord) in termWords.enumerated() {
            let word = scan.words[first + k].text
            if k > 0, !scan.gap(before: first + k).allSatisfy({ $0 == " " }) { return false }
            switch term.caseRule {
            case .exact:
                guard word == termWord else { return false }
            case .capitalized:
                guard word == termWord || (word == termWord.uppercased() && word.count > 1) else { return false }
            case .anyCase:
                let capitalized = termWord.prefix(1).uppercased() + termWord.dropFirst()
                guard word == termWord || word == capitalized || word == termWord.uppercased() else { return false }
            }
        }
        return true
    }

    /// Whether a match of words `first...last` stands where the row's context asks.
    func satisfies(_ context: Context, _ scan: Scan, _ first: Int, _ last: Int, _ term: Term) -> Bool {
        let next = scan.nextWordInPhrase(after: last, skippingPeriod: term.abbreviation)
        if let next, context.notBefore.contains(next.lowercased()) { return false }
        guard context.hasPositiveCondition else { return true }
        if !context.clause.isEmpty {
            let clause = scan.clause(around: first, last)
            let clauseWords = scan.words[clause].map(\.lower)
            for phrase in context.clause where Self.contains(clauseWords, phrase) { return true }
        }
        for phrase in context.after where scan.isPreceded(first, by: phrase) { return true }
        if let next, context.before.contains(next.lowercased()) { return true }
        if context.predicate, first > 0, scan.gap(before: first).allSatisfy({ $0 == " " }),
            Self.copulas.contains(scan.words[first - 1].lower), scan.endsPredicate(after: last)
        {
            return true
        }
        if context.beforeCapitalized, let next, let initial = next.unicodeScalars.first,
            initial.properties.isUppercase
        {
            return true
        }
        return false
    }

    /// Whether a sequence of lower-case words contains `phrase`'s words consecutively.
    static func contains(_ words: [String], _ phrase: String) -> Bool {
        let needle = phrase.split(separator: " ").map(String.init)
        guard !needle.isEmpty, words.count >= needle.count else { return false }
        for start in 0...(words.count - needle.count) where Array(words[start..<(start + needle.count)]) == needle {
            return true
        }
        return false
    }

    /// The replacement in the case the mention was written in: as in the table when written as in the table,
    /// else UPPER for UPPER and Capitalised for Capitalised ("Female" → "Male", "FEMALE" → "MALE").
    static func transferCase(from written: String, canonical: String, to replacement: String) -> String {
        if written == canonical { return replacement }
        let letters = written.unicodeScalars.filter { $0.properties.isAlphabetic }
        if letters.count > 1, letters.allSatisfy({ $0.properties.isUppercase }) { return replacement.uppercased() }
        if let initial = written.unicodeScalars.first, initial.properties.isUppercase {
            return replacement.prefix(1).uppercased() + replacement.dropFirst()
        }
        return replacement.prefix(1).lowercased() + replacement.dropFirst()
    }
}
