extension FairnessLexicon {
    /// Courtesy titles that come before a name.
    static let honorifics: Set<String> = ["Mr", "Ms", "Mrs", "Miss", "Mx", "Dr", "Prof"]
    /// Form-field labels (before a colon, at the start of a line or after a sentence) followed by a name.
    static let nameFields: Set<String> = [
        "applicant", "applicant name", "name of applicant", "co-applicant", "borrower", "borrower name",
        "co-borrower", "guarantor", "name", "full name", "customer", "customer name", "account holder", "signed",
        "signature", "signatory", "by",
    ]
    /// Fields whose whole line can hold several names ("Signed: A B for the Company; C D for the Client.").
    static let signatureFields: Set<String> = ["signed", "signature", "signatory", "by"]
    /// Nouns that introduce a name in prose ("Applicant Amara Okafor requests …").
    static let nameNouns: Set<String> = ["applicant", "co-applicant", "borrower", "co-borrower", "guarantor"]
    /// Complimentary closings; the next line, if it is only a name, is a signature.
    static let closings: Set<String> = [
        "sincerely", "regards", "kind regards", "best regards", "warm regards", "yours faithfully",
        "yours sincerely", "yours truly", "respectfully", "best", "thank you", "thanks",
    ]
    /// Capitalised words that are not names (titles, roles, organisation words, field labels).
    static let notNameWords: Set<String> = [
        "the", "a", "an", "and", "or", "for", "of", "in", "on", "at", "to", "by", "with", "from", "i", "we", "my",
        "our", "your", "dear", "sir", "madam", "company", "client", "bank", "credit", "union", "inc", "llc",
        "ltd", "corp", "corporation", "limited", "group", "holdings", "title", "date", "signed", "applicant",
        "borrower", "loan", "application", "agreement", "party", "parties", "supplier", "customer", "tenant",
        "landlord", "lessee", "lessor", "contractor", "provider", "recipient", "disclosing", "receiving",
        "sex", "age", "race", "marital", "status", "national", "origin", "occupation", "city", "amount", "term",
        "purpose", "chief", "officer", "executive", "director", "manager", "president", "counsel", "general",
        "secretary", "treasurer", "sincerely", "regards", "kind", "best", "yours", "thank", "federal", "savings",
        "trust", "financial", "community", "lending", "department", "team", "street", "avenue", "road", "suite",
        "witness", "whereof", "none", "not", "n", "a", "na", "unknown",
    ]

    /// Whether word `i` can be part of a name: capitalised, not all capitals, not a listed non-name word.
    func isNameWord(_ scan: Scan, _ i: Int) -> Bool {
        let word = scan.words[i]
        guard let initial = word.text.unicodeScalars.first, initial.properties.isUppercase,
            word.text.unicodeScalars.count >= 2
        else { return false }
        let letters = word.text.unicodeScalars.filter { $0.properties.isAlphabetic }
        guard !letters.allSatisfy({ $0.properties.isUppercase }) else { return false }
        return !Self.notNameWords.contains(word.lower) && !Self.honorifics.contains(word.text)
    }

    /// The name words from `first` on, separated by single spaces, at most `limit` of them.
    func nameRun(_ scan: Scan, from first: Int, limit: Int = 3) -> Range<Int> {
        var end = first
        while end < scan.words.count, end - first < limit, isNameWord(scan, end),
            end == first || scan.gap(before: end) == " "
        {
            end += 1
        }
        return first..<end
    }

    /// Mentions of personal names, found from anchors and then wherever the same name words recur:
    /// - a courtesy title: "Mr./Ms./Mrs./Miss/Mx./Dr./Prof." and one to three capitalised words ("Ms. Okafor");
    /// - a name field: "Applicant:", "Applicant name:", "Name:", "Borrower:", "Signed:", "By:" … and two or three
    ///   capitalised words (a title may come between); on a signature field's line every further run of two or
    ///   three capitalised words counts too ("Signed: A B for the Company; C D for the Client.");
    /// - a name noun in prose: "Applicant Amara Okafor", "the borrower José García" (two or three words);
    /// - a signature: a line of two to four capitalised words (a title may come first) right under a closing
    ///   line ("Sincerely,", "Kind regards," …).
    /// Limits: names without an anchor, names in all capitals, one-word names after a field and names that are
    /// also listed non-name words are missed; an organisation name of two ordinary capitalised words after
    /// "By:" is taken for a name.
    func nameMentions(_ scan: Scan) -> [FairnessMention] {
        var anchored: [(range: Range<Int>, rule: String)] = []
        for i in scan.words.indices {
            let word = scan.words[i]
            let gapAfter = scan.gap(after: i)
            // Courtesy titles.
            if Self.honorifics.contains(word.text), gapAfter == " " || gapAfter == ". " {
                let run = nameRun(scan, from: i + 1)
                if !run.isEmpty { anchored.append((run, "name: title")) }
                continue
            }
            // Name fields: the label runs from the line's (or sentence's) start to the colon after word i.
            if gapAfter.hasPrefix(":"), gapAfter.dropFirst().allSatisfy({ $0 == " " }) {
                var labelStart = i
                while labelStart > 0, !Scan.breaksClause(scan.gap(before: labelStart)),
                    !scan.gap(before: labelStart).contains(":"), i - labelStart < 3
                {
                    labelStart -= 1
                }
                let label = scan.words[labelStart...i].map(\.lower).joined(separator: " ")
                guard Self.nameFields.contains(label), i + 1 < scan.words.count else { continue }
                var first = i + 1
                if Self.honorifics.contains(scan.words[first].text) { first += 1 }
                let run = first < scan.words.count ? nameRun(scan, from: first) : first..<first
                if run.count >= (first > i + 1 ? 1 : 2) { anchored.append((run, "name: field")) }
                if Self.signatureFields.contains(label) {
                    anchored += signatureLineRuns(scan, after: run.upperBound).map { ($0, "name: field") }
                }
                continue
            }
            // Name nouns in prose.
            if Self.nameNouns.contains(word.lower), gapAfter == " ", i + 1 < scan.words.count {
                let run = nameRun(scan, from: i + 1)
                if run.count >= 2 { anchored.append((run, "name: applicant")) }
            }
        }
        anchored += signatureRuns(scan).map { ($0, "name: signature") }

        // Every anchored name word, wherever it recurs as a name word, is a mention too.
        var rules = [String?](repeating: nil, count: scan.words.count)
        for (range, rule) in anchored {
            for i in range where rules[i] == nil { rules[i] = rule }
        }
        let nameWords = Set(anchored.flatMap { $0.range.map { scan.words[$0].text } })
        for i in scan.words.indices where rules[i] == nil && nameWords.contains(scan.words[i].text) {
            if isNameWord(scan, i) { rules[i] = "name: repeated" }
        }
        // Adjacent name words (one space apart) form one mention.
        var mentions: [FairnessMention] = []
        var i = 0
        while i < scan.words.count {
            guard let rule = rules[i] else {
                i += 1
                continue
            }
            var j = i
            while j + 1 < scan.words.count, rules[j + 1] != nil, scan.gap(after: j) == " " { j += 1 }
            let start = scan.words[i].start
            let end = scan.words[j].end
            mentions.append(
                FairnessMention(
                    attribute: .name, text: scan.text(start, end), start: start, end: end, edit: .remove,
                    replacement: "", rule: rule))
            i = j + 1
        }
        return mentions
    }

    /// Runs of two or three name words on the rest of a signature field's line.
    func signatureLineRuns(_ scan: Scan, after start: Int) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var i = start
        while i < scan.words.count, i == start || !scan.gap(before: i).contains("\n") {
            let run = nameRun(scan, from: i)
            if run.count >= 2, i == 0 || !isNameWord(scan, i - 1) || scan.gap(before: i) != " " {
                runs.append(run)
                i = run.upperBound
            } else {
                i += 1
            }
        }
        return runs
    }

    /// Lines of two to four name words (after an optional title) right under a closing line.
    func signatureRuns(_ scan: Scan) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        for i in scan.words.indices where i > 0 && scan.gap(before: i).contains("\n") {
            // The previous line, as words.
            var lineStart = i - 1
            while lineStart > 0, !scan.gap(before: lineStart).contains("\n") { lineStart -= 1 }
            let closing = scan.words[lineStart..<i].map(\.lower).joined(separator: " ")
            guard Self.closings.contains(closing), scan.gap(before: i).filter({ $0 != "\n" && $0 != " " }) == ","
            else { continue }
            var first = i
            if Self.honorifics.contains(scan.words[i].text) { first += 1 }
            guard first < scan.words.count else { continue }
            let run = nameRun(scan, from: first, limit: 4)
            let rest = run.upperBound < scan.words.count ? scan.gap(before: run.upperBound) : "\n"
            if run.count >= 2, rest.drop(while: { $0 == " " }).first.map({ $0 == "\n" }) ?? true {
                runs.append(run)
            }
        }
        return runs
    }
}
