import Support

/// Draws contract facts whose rule-decided rating is a chosen target (``ContractRiskRules``).
enum ContractFactSampler {
    static let usualLaws = [
        "the State of New York", "the State of Delaware", "England and Wales", "the State of California",
        "the Province of Ontario", "the State of Illinois",
    ]
    static let unusualLaws = [
        "the Republic of Vanuatu", "the Marshall Islands", "the Principality of Liechtenstein", "Belize",
        "the Turks and Caicos Islands",
    ]
    static let namePrefixes = [
        "Harbor Lane", "Northwind", "Bluestone", "Crescent", "Redwood", "Silverline", "Oakmont", "Granite Peak",
        "Lumen", "Pioneer", "Westbrook", "Sterling Bay", "Evergreen", "Copperfield",
    ]
    static let nameSuffixes = [
        "Logistics LLC", "Analytics Ltd", "Holdings Inc.", "Manufacturing Co.", "Software Corp.", "Properties LLC",
        "Foods Inc.", "Medical Supply Ltd", "Systems GmbH", "Partners LLP",
    ]

    /// A fictitious company name, e.g. "Bluestone Analytics Ltd".
    static func companyName(using random: inout SeededGenerator) -> String {
        "\(random.pick(namePrefixes)) \(random.pick(nameSuffixes))"
    }

    /// The moderate risks the sampler can add, as edits to standard facts.
    private enum Moderate: CaseIterable {
        case cappedIndemnity, cappedPenalty, unilateralTermination, longRenewal, juryWaiver, unusualLaw
    }

    /// Draws facts whose rating under ``ContractRiskRules/assess(_:)`` is `target`.
    static func facts(for target: ContractLabel, genre: Genre, using random: inout SeededGenerator) -> ContractFacts {
        let company = companyName(using: &random)
        var counterparty = companyName(using: &random)
        while counterparty == company { counterparty = companyName(using: &random) }
        var facts = ContractFacts(
            contractType: genre, company: company, counterparty: counterparty, liability: .capped,
            liabilityCapMonths: random.pick([6, 12, 12, 24]), indemnity: .mutual,
            termination: random.chance(0.3) ? .unilateralCompensated : .mutual, renewal: .fixedTerm,
            renewalNoticeDays: 0, penalty: .none, penaltyPercent: 0, juryWaiver: false,
            governingLaw: random.pick(usualLaws), governingLawUnusual: false)
        switch random.next(below: 4) {
        case 0: break
        case 1:
            facts.renewal = .automaticLongNoticeWithReminder
            facts.renewalNoticeDays = random.pick([90, 120, 180])
        default:
            facts.renewal = .automaticShortNotice
            facts.renewalNoticeDays = random.pick([30, 45, 60])
        }
        var moderates: [Moderate] = []
        switch target {
        case .standard:
            break
        case .elevated:
            moderates = random.sample(Moderate.allCases, count: random.chance(0.6) ? 1 : 2)
        case .high:
            if random.chance(0.75) {
                let severeCount = random.chance(0.7) ? 1 : 2
                for severe in random.sample([0, 1, 2], count: severeCount) {
                    switch severe {
                    case 0: facts.liability = .unlimited
                    case 1: facts.indemnity = .oneSided
                    default:
                        facts.penalty = .uncapped
                        facts.penaltyPercent = random.pick([15, 20, 25, 30])
                    }
                }
                let others = Moderate.allCases.filter { moderate in
                    !(moderate == .cappedIndemnity && facts.indemnity != .mutual)
                        && !(moderate == .cappedPenalty && facts.penalty != .none)
                }
                moderates = random.sample(others, count: random.int(in: 0...2))
            } else {
                moderates = random.sample(Moderate.allCases, count: random.chance(0.7) ? 3 : 4)
            }
        }
        for moderate in moderates {
            switch moderate {
            case .cappedIndemnity: facts.indemnity = .oneSidedCapped
            case .cappedPenalty:
                facts.penalty = .capped
                facts.penaltyPercent = random.pick([15, 20, 25, 30])
            case .unilateralTermination: facts.termination = .unilateral
            case .longRenewal:
                facts.renewal = .automaticLongNotice
                facts.renewalNoticeDays = random.pick([90, 120, 180])
            case .juryWaiver: facts.juryWaiver = true
            case .unusualLaw:
                facts.governingLaw = random.pick(unusualLaws)
                facts.governingLawUnusual = true
            }
        }
        return facts
    }
}
