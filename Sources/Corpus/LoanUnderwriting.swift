/// The underwriting rules that label every loan application: one pure function from facts to a decision.
///
/// The rules, quoted by the model cards (also in `Sources/Corpus/RULES.md`):
///
/// **Decline** when any of these holds:
/// - D1 debt-to-income ratio after the new payment above 50 %;
/// - D2 three or more payments 30+ days late in the last 24 months;
/// - D3 an unpaid judgment, an unreleased tax lien or an open collection account;
/// - D4 a secured loan with a loan-to-value ratio above 110 %.
///
/// **Refer** to an underwriter when no decline rule holds and any of these does:
/// - R1 debt-to-income ratio above 40 % (up to 50 %);
/// - R2 one or two late payments in the last 24 months;
/// - R3 less than 24 months with the current employer;
/// - R4 liquid reserves below two months of the new payment;
/// - R5 a secured loan with a loan-to-value ratio above 90 % (up to 110 %).
///
/// **Approve** otherwise. The deciding facts are the facts that triggered the winning class; for an approval,
/// every criterion the application passed (ratio, payment history, public records, employment, reserves and,
/// when secured, loan-to-value).
///
/// Protected attributes and names are never an input.
public enum LoanUnderwriting {
    /// The names of the facts a decision can rest on; they are the `fact` of rationale spans.
    public enum Fact: String, Codable, Hashable, Sendable, CaseIterable {
        case debtToIncome
        case delinquencies
        case derogatoryRecord
        case employment
        case reserves
        case loanToValue
    }

    /// A label and the facts that decided it.
    public struct Decision: Hashable, Sendable {
        /// The class.
        public var label: LoanLabel
        /// The deciding facts, in ``Fact`` order.
        public var decidingFacts: [Fact]

        /// Creates a decision record.
        public init(label: LoanLabel, decidingFacts: [Fact]) {
            self.label = label
            self.decidingFacts = decidingFacts
        }
    }

    /// The band a fact falls in: which class it alone would demand.
    public static func band(of fact: Fact, in facts: LoanFacts) -> LoanLabel? {
        switch fact {
        case .debtToIncome:
            if facts.debtToIncomePercent > 50 { return .decline }
            return facts.debtToIncomePercent > 40 ? .refer : .approve
        case .delinquencies:
            if facts.delinquencies24Months >= 3 { return .decline }
            return facts.delinquencies24Months >= 1 ? .refer : .approve
        case .derogatoryRecord:
            return facts.derogatoryRecord == .none ? .approve : .decline
        case .employment:
            return facts.employmentMonths < 24 ? .refer : .approve
        case .reserves:
            return facts.reserveMonths < 2 ? .refer : .approve
        case .loanToValue:
            guard facts.collateral != nil, let ratio = facts.loanToValuePercent else { return nil }
            if ratio > 110 { return .decline }
            return ratio > 90 ? .refer : .approve
        }
    }

    /// Applies the rules.
    ///
    /// - Parameter facts: The application's facts.
    /// - Returns: The label and the facts that decided it.
    public static func decide(_ facts: LoanFacts) -> Decision {
        let bands = Fact.allCases.compactMap { fact in band(of: fact, in: facts).map { (fact, $0) } }
        for label in [LoanLabel.decline, .refer] {
            let triggered = bands.filter { $0.1 == label }.map(\.0)
            if !triggered.isEmpty {
                return Decision(label: label, decidingFacts: triggered)
            }
        }
        return Decision(label: .approve, decidingFacts: bands.map(\.0))
    }
}
