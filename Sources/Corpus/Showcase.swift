/// The committed showcase set in `Samples/Documents/`: ten loan applications and ten contracts covering every
/// genre, every label and short to long lengths, drawn from fixed seeds, plus its README and rationale index.
public enum Showcase {
    /// The seed of the showcase loan applications.
    public static let loanSeed: UInt64 = 2026
    /// The seed of the showcase contracts.
    public static let contractSeed: UInt64 = 2027
    /// The command that regenerates the set.
    public static let command = "swift run dossier corpus --showcase --out Samples/Documents"

    /// One chosen document and where it came from.
    public struct Entry: Sendable {
        /// The document, with a friendly id such as `"loan-01-letter"`.
        public var document: CorpusDocument
        /// The seed it was generated from.
        public var seed: UInt64
        /// Its index under that seed.
        public var index: Int
    }

    private static let loanPlan: [(Genre, LoanLabel, ClosedRange<Int>)] = [
        (.letter, .approve, 300...600), (.letter, .refer, 150...320), (.letter, .decline, 500...900),
        (.form, .approve, 100...220), (.form, .refer, 250...500), (.form, .decline, 50...200),
        (.officerSummary, .approve, 400...900), (.officerSummary, .refer, 120...250),
        (.officerSummary, .decline, 250...450), (.letter, .refer, 600...900),
    ]

    private static let contractPlan: [(Genre, ContractLabel, ClosedRange<Int>)] = [
        (.nonDisclosureAgreement, .standard, 250...500), (.nonDisclosureAgreement, .high, 400...900),
        (.serviceAgreement, .elevated, 500...900), (.serviceAgreement, .high, 200...400),
        (.serviceAgreement, .standard, 600...900), (.supplyAgreement, .elevated, 250...450),
        (.supplyAgreement, .standard, 300...600), (.leaseAgreement, .high, 300...600),
        (.leaseAgreement, .elevated, 200...350), (.leaseAgreement, .standard, 450...900),
    ]

    /// Generates the showcase set: the first document of each planned genre, label and length band.
    public static func entries() throws -> [Entry] {
        var result: [Entry] = []
        let loans = try CorpusGenerator(seed: loanSeed, options: CorpusOptions(kind: .loan))
        let contracts = try CorpusGenerator(seed: contractSeed, options: CorpusOptions(kind: .contract))
        let plans: [(CorpusGenerator, [(Genre, String, ClosedRange<Int>)])] = [
            (loans, loanPlan.map { ($0.0, $0.1.rawValue, $0.2) }),
            (contracts, contractPlan.map { ($0.0, $0.1.rawValue, $0.2) }),
        ]
        for (generator, plan) in plans {
            var used: Set<Int> = []
            for (number, wanted) in plan.enumerated() {
                for index in 0..<20_000 where !used.contains(index) {
                    var document = generator.document(at: index)
                    guard document.genre == wanted.0, document.label == wanted.1,
                        wanted.2.contains(document.wordCount)
                    else { continue }
                    used.insert(index)
                    let number = number + 1 < 10 ? "0\(number + 1)" : "\(number + 1)"
                    document.id = "\(generator.options.kind.rawValue)-\(number)-\(document.genre.rawValue)"
                    result.append(Entry(document: document, seed: generator.seed, index: index))
                    break
                }
            }
        }
        return result
    }

    /// The README of `Samples/Documents/`, with one table row per document.
    public static func readme(_ entries: [Entry]) -> String {
        var lines = [
            "# Showcase documents",
            "",
            "Twenty generated documents (ten loan applications, ten commercial contracts) for demonstrations and",
            "dossier tests. They are written by the corpus generator, not by hand; regenerate them with",
            "",
            "```sh",
            command,
            "```",
            "",
            "Labels follow the rules in `Sources/Corpus/RULES.md`. `rationales.jsonl` holds one JSON object per",
            "document (the same fields as `dossier corpus` writes to `corpus.jsonl`): its label, the character spans",
            "of the deciding facts (Unicode-scalar offsets into the `.txt` file, i.e. Python `str` indices), the",
            "protected-attribute mentions and the structured facts. `loan-05-form.json` and `loan-05-form.csv` are",
            "the same application form exported as field/value pairs; spans refer to the `.txt` files only.",
            "",
            "| file | kind | genre | words | expected label | deciding facts | source |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for entry in entries {
            let document = entry.document
            let facts = document.rationale.map { rationale in
                let quote = rationale.text.count > 70 ? rationale.text.prefix(67) + "…" : Substring(rationale.text)
                return "`\(rationale.fact)`: \"\(quote)\""
            }.joined(separator: "<br>")
            let cell = facts.replacingPipes()
            lines.append(
                "| `\(document.id).txt` | \(document.kind.rawValue) | \(document.genre.rawValue) | \(document.wordCount) | "
                    + "**\(document.label)** | \(cell) | seed \(entry.seed), index \(entry.index) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A form's `Field: value` lines as ordered pairs (for the JSON and CSV exports).
    public static func formFields(_ document: CorpusDocument) -> [(field: String, value: String)] {
        document.text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            let value = parts[1].drop { $0 == " " }
            return value.isEmpty ? nil : (String(parts[0]), String(value))
        }
    }
}

extension String {
    fileprivate func replacingPipes() -> String {
        String(map { $0 == "|" ? "/" : $0 })
    }
}
