extension FairnessLexicon {
    /// Ages a person can be stated to have (younger numbers are more often counts than ages).
    static let plausibleAges = 16...110
    /// Birth years the "born in" rule accepts.
    static let plausibleBirthYears = 1900...2025

    /// The age a counterfactual writes: an age under 50 becomes 30 years older, 50 or over 30 years younger
    /// (never under 18), so the edit always crosses the middle of working life.
    static func swappedAge(_ age: Int) -> Int { age < 50 ? age + 30 : max(18, age - 30) }

    /// Mentions of age, written as a number in context:
    /// "48 years old", "48 years of age", "48-year-old", "aged 48", "age 48", "Age: 48", "an age of 48",
    /// "I am 48." (a number alone as the predicate of "I am"), and a birth year after "born in" ("born in 1976",
    /// swapped 30 years the other way). Ages spelled in words ("forty-eight"), dates of birth and age proxies
    /// ("retired", "recent graduate") are not found.
    func ageMentions(_ scan: Scan) -> [FairnessMention] {
        var found: [FairnessMention] = []
        for (i, word) in scan.words.enumerated() {
            if let hyphen = word.lower.firstIndex(of: "-"), word.lower[hyphen...] == "-year-old",
                let age = Int(word.lower[..<hyphen]), Self.plausibleAges.contains(age)
            {
                found.append(
                    FairnessMention(
                        attribute: .age, text: word.text, start: word.start, end: word.end, edit: .swap,
                        replacement: "\(Self.swappedAge(age))-year-old", rule: "age: N-year-old"))
                continue
            }
            guard word.text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }), let number = Int(word.text)
            else { continue }
            let rule: String?
            let next = (1...3).map { i + $0 < scan.words.count ? scan.words[i + $0].lower : "" }
            let previous = i > 0 ? scan.words[i - 1].lower : ""
            let gapBefore = scan.gap(before: i).trimmingSpaces
            if scan.isPreceded(i, by: "born in"), Self.plausibleBirthYears.contains(number) {
                let year = number > 1975 ? number - 30 : number + 30
                found.append(
                    FairnessMention(
                        attribute: .age, text: word.text, start: word.start, end: word.end, edit: .swap,
                        replacement: "\(year)", rule: "age: born in"))
                continue
            }
            guard Self.plausibleAges.contains(number) else { continue }
            if ["years", "yrs", "year"].contains(next[0]) && (next[1] == "old" || next[1...2] == ["of", "age"]) {
                rule = "age: years old"
            } else if previous == "aged" || (previous == "age" && ["", ":", "-"].contains(gapBefore)) {
                rule = "age: aged N"
            } else if scan.isPreceded(i, by: "age of") {
                rule = "age: age of N"
            } else if scan.isPreceded(i, by: "i am"), scan.endsPredicate(after: i),
                !scan.gap(after: i).hasPrefix("%")
            {
                rule = "age: I am N"
            } else {
                rule = nil
            }
            guard let rule else { continue }
            found.append(
                FairnessMention(
                    attribute: .age, text: word.text, start: word.start, end: word.end, edit: .swap,
                    replacement: "\(Self.swappedAge(number))", rule: rule))
        }
        return found
    }
}

extension String {
    /// The string without leading or trailing spaces.
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
