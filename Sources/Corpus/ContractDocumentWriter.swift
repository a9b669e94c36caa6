import Support

/// Writes one commercial contract: title, parties, the agreement's own subject, the risk-relevant clauses,
/// neutral boilerplate to the planned length, and a signature block.
struct ContractDocumentWriter {
    typealias Block = DraftText.Block

    let facts: ContractFacts
    let signatory: PersonNames.Person
    let counterpartySignatory: PersonNames.Person
    let small: Bool
    let clauses: ContractClauses
    let role: String
    var random: SeededGenerator

    static let officerTitles = [
        "Chief Executive Officer", "General Counsel", "Managing Director", "Head of Procurement",
        "Chief Operating Officer",
    ]
    static let dates = [
        "March 3, 2025", "January 15, 2026", "June 1, 2025", "September 22, 2025", "November 4, 2024",
        "February 28, 2026",
    ]

    init(
        facts: ContractFacts, signatory: PersonNames.Person, counterpartySignatory: PersonNames.Person, small: Bool,
        random: SeededGenerator
    ) {
        self.facts = facts
        self.signatory = signatory
        self.counterpartySignatory = counterpartySignatory
        self.small = small
        switch facts.contractType {
        case .nonDisclosureAgreement: role = "Disclosing Party"
        case .supplyAgreement: role = "Supplier"
        case .leaseAgreement: role = "Landlord"
        default: role = "Provider"
        }
        clauses = ContractClauses(facts: facts, role: role, limited: small)
        self.random = random
    }

    var title: String {
        switch facts.contractType {
        case .nonDisclosureAgreement: return "NON-DISCLOSURE AGREEMENT"
        case .supplyAgreement: return "SUPPLY AGREEMENT"
        case .leaseAgreement: return "COMMERCIAL LEASE AGREEMENT"
        default: return "MASTER SERVICES AGREEMENT"
        }
    }

    /// Plans the contract and writes it.
    mutating func write(targetWords: Int, maximumWords: Int, factsWithin: Int?, into text: inout DraftText) {
        var plan = DocumentPlan()
        let parties: [String: DraftText.Piece] = [
            "company": .literal(facts.company), "counterparty": .literal(facts.counterparty), "role": .literal(role),
            "date": .literal(random.pick(Self.dates)),
        ]
        plan.head = [
            Block(title + "\n\n"),
            Block(
                small
                    ? "Agreement between {company} (the \"Company\") and {counterparty} (the \"{role}\").\n\n"
                    : "This Agreement is entered into as of {date} between {company} (the \"Company\") and {counterparty} (the \"{role}\").\n\n",
                parties),
        ]
        var sections: [Block] = []
        func section(_ heading: String, _ sentences: [(String, String?)]) -> Block {
            var block = small ? Block() : Block(heading + ". ")
            var first = true
            for (sentence, fact) in sentences {
                let piece: DraftText.Piece = fact.map { .fact($0, sentence) } ?? .literal(sentence)
                block.add(Block("{s}", ["s": piece]), separator: first ? "" : " ")
                first = false
            }
            return block
        }
        let liability = clauses.liability(&random)
        sections.append(section("Limitation of Liability", [(liability.0, liability.1.rawValue)]))
        sections.append(section("Indemnification", clauses.indemnity(&random).map { ($0.0, $0.1.rawValue) }))
        sections.append(section("Termination", clauses.termination(&random).map { ($0.0, $0.1.rawValue) }))
        let renewal = clauses.renewal(&random)
        if !renewal.isEmpty && (!small || renewal.contains(where: { $0.1 != nil })) {
            sections.append(section("Term and Renewal", renewal.map { ($0.0, $0.1?.rawValue) }))
        }
        let penalty = clauses.penalty(&random)
        if !penalty.isEmpty {
            sections.append(section("Late Performance", penalty.map { ($0.0, $0.1.rawValue) }))
        }
        if let jury = clauses.juryWaiver(&random) {
            sections.append(section("Waiver of Jury Trial", [(jury, ContractRiskRules.Fact.juryWaiver.rawValue)]))
        }
        let law = clauses.governingLaw(&random)
        sections.append(section("Governing Law", [(law.0, law.1?.rawValue)]))

        plan.tail = [signatures()]
        if small {
            var paragraph = Block()
            for block in sections { paragraph.add(block) }
            plan.body = [paragraph]
        } else {
            plan.numbered = true
            var subject = ContractFiller.subjectSections(for: facts.contractType, role: role, random: &random)
            if targetWords < 250 { subject = Array(subject.prefix(1)) }
            let clauses = random.shuffled(sections)
            if factsWithin == nil {
                plan.body = subject + clauses
            } else {
                // The agreement's subject after its first section moves behind the risk clauses.
                plan.body = Array(subject.prefix(1)) + clauses + subject.dropFirst()
            }
            plan.fill(
                from: ContractFiller.boilerplate(role: role), target: targetWords, maximum: maximumWords,
                keepFirst: factsWithin == nil ? subject.count : 1, factsWithin: factsWithin, using: &random)
        }
        plan.write(into: &text)
    }

    private mutating func signatures() -> Block {
        let titles = random.sample(Self.officerTitles, count: 2)
        if small || facts.contractType == .nonDisclosureAgreement && random.chance(0.3) {
            return Block(
                "Signed: {a} for the Company; {b} for the {role}.\n",
                [
                    "a": .mention(.name, signatory.fullName, .fullName),
                    "b": .mention(.name, counterpartySignatory.fullName, .fullName), "role": .literal(role),
                ])
        }
        return Block(
            "IN WITNESS WHEREOF, the parties have signed this Agreement.\n\n{company}\nBy: {a}\nTitle: {ta}\n\n{counterparty}\nBy: {b}\nTitle: {tb}\n",
            [
                "company": .literal(facts.company), "counterparty": .literal(facts.counterparty),
                "a": .mention(.name, signatory.fullName, .fullName), "ta": .literal(titles[0]),
                "b": .mention(.name, counterpartySignatory.fullName, .fullName), "tb": .literal(titles[1]),
            ])
    }
}
