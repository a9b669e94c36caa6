/// The contract-risk rules that label every contract: one pure function from clause facts to a rating.
///
/// The rules, quoted by the model cards (also in `Sources/Corpus/RULES.md`):
///
/// **Severe** risks: unlimited liability of the Company; a one-sided indemnity given by the Company without a
/// cap; a penalty clause without a cap.
/// **Moderate** risks: unilateral termination at will by the counterparty; automatic renewal that can only be
/// stopped with 90 days' notice or more; a waiver of jury trial; a governing law unrelated to either party.
/// **Mitigations**: a cap on a one-sided indemnity or on penalties turns that severe risk into a moderate one;
/// compensation for work done and wind-down on unilateral termination, or a written reminder before a renewal
/// deadline, removes that moderate risk.
///
/// **High** risk when any severe risk remains, or three or more moderate ones; **elevated** with one or two
/// moderate risks; **standard** otherwise. The deciding facts are the severe clauses (for a high rating that
/// rests on them), else the moderate clauses with their mitigations; for a standard contract, its standard
/// liability cap, mutual indemnity and mutual termination clauses plus any mitigated clause with its mitigation.
public enum ContractRiskRules {
    /// The names of the clauses a rating can rest on; they are the `fact` of rationale spans.
    public enum Fact: String, Codable, Hashable, Sendable, CaseIterable {
        case unlimitedLiability
        case liabilityCap
        case oneSidedIndemnity
        case indemnityCap
        case mutualIndemnity
        case unilateralTermination
        case terminationCompensation
        case mutualTermination
        case automaticRenewal
        case renewalReminder
        case penaltyClause
        case penaltyCap
        case juryWaiver
        case unusualGoverningLaw
    }

    /// A rating and the clauses that decided it.
    public struct Assessment: Hashable, Sendable {
        /// The class.
        public var label: ContractLabel
        /// The deciding clauses.
        public var decidingFacts: [Fact]
        /// The number of moderate risks counted (mitigated severe risks included).
        public var moderateRiskCount: Int
    }

    /// Applies the rules.
    ///
    /// - Parameter facts: The contract's clause facts.
    /// - Returns: The rating and the clauses that decided it.
    public static func assess(_ facts: ContractFacts) -> Assessment {
        var severe: [Fact] = []
        var moderate: [[Fact]] = []
        var mitigated: [[Fact]] = []
        if facts.liability == .unlimited { severe.append(.unlimitedLiability) }
        switch facts.indemnity {
        case .mutual: break
        case .oneSided: severe.append(.oneSidedIndemnity)
        case .oneSidedCapped: moderate.append([.oneSidedIndemnity, .indemnityCap])
        }
        switch facts.penalty {
        case .none: break
        case .uncapped: severe.append(.penaltyClause)
        case .capped: moderate.append([.penaltyClause, .penaltyCap])
        }
        switch facts.termination {
        case .mutual: break
        case .unilateral: moderate.append([.unilateralTermination])
        case .unilateralCompensated: mitigated.append([.unilateralTermination, .terminationCompensation])
        }
        switch facts.renewal {
        case .fixedTerm, .automaticShortNotice: break
        case .automaticLongNotice: moderate.append([.automaticRenewal])
        case .automaticLongNoticeWithReminder: mitigated.append([.automaticRenewal, .renewalReminder])
        }
        if facts.juryWaiver { moderate.append([.juryWaiver]) }
        if facts.governingLawUnusual { moderate.append([.unusualGoverningLaw]) }

        if !severe.isEmpty {
            return Assessment(label: .high, decidingFacts: severe, moderateRiskCount: moderate.count)
        }
        if moderate.count >= 3 {
            return Assessment(label: .high, decidingFacts: moderate.flatMap { $0 }, moderateRiskCount: moderate.count)
        }
        if !moderate.isEmpty {
            return Assessment(
                label: .elevated, decidingFacts: moderate.flatMap { $0 }, moderateRiskCount: moderate.count)
        }
        var standard: [Fact] = [.liabilityCap, .mutualIndemnity]
        if facts.termination == .mutual { standard.append(.mutualTermination) }
        return Assessment(label: .standard, decidingFacts: standard + mitigated.flatMap { $0 }, moderateRiskCount: 0)
    }
}
