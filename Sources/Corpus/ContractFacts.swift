/// The structured facts behind a commercial contract: which form each risk-relevant clause takes.
///
/// The reviewing party is always "the Company" side named in ``company``; clauses are risky when they burden it.
public struct ContractFacts: Codable, Hashable, Sendable {
    /// Limitation of liability.
    public enum Liability: String, Codable, Hashable, Sendable, CaseIterable {
        /// Liability capped at the fees of a period.
        case capped
        /// The Company's liability is unlimited.
        case unlimited
    }

    /// Indemnification.
    public enum Indemnity: String, Codable, Hashable, Sendable, CaseIterable {
        case mutual
        /// Only the Company indemnifies, without limit.
        case oneSided = "one-sided"
        /// Only the Company indemnifies, but capped (a mitigation).
        case oneSidedCapped = "one-sided-capped"
    }

    /// Termination rights.
    public enum Termination: String, Codable, Hashable, Sendable, CaseIterable {
        /// Either party may terminate on notice.
        case mutual
        /// Only the counterparty may terminate, at will.
        case unilateral
        /// Only the counterparty may terminate, but must pay for work done and wind-down (a mitigation).
        case unilateralCompensated = "unilateral-compensated"
    }

    /// Renewal.
    public enum Renewal: String, Codable, Hashable, Sendable, CaseIterable {
        /// Ends at the end of the term.
        case fixedTerm = "fixed-term"
        /// Renews unless cancelled with fewer than 90 days' notice.
        case automaticShortNotice = "automatic-short-notice"
        /// Renews unless cancelled 90 days or more in advance.
        case automaticLongNotice = "automatic-long-notice"
        /// As above, but the counterparty must send a reminder before the deadline (a mitigation).
        case automaticLongNoticeWithReminder = "automatic-long-notice-reminder"
    }

    /// Penalties payable by the Company.
    public enum Penalty: String, Codable, Hashable, Sendable, CaseIterable {
        /// None (late payments bear ordinary interest).
        case none
        /// A penalty clause without a cap.
        case uncapped
        /// A penalty clause with an aggregate cap (a mitigation).
        case capped
    }

    /// The kind of agreement (its genre).
    public var contractType: Genre
    /// The reviewing party, e.g. "Harbor Lane Logistics LLC".
    public var company: String
    /// The other party, e.g. "Northwind Analytics Ltd".
    public var counterparty: String
    /// Limitation of liability.
    public var liability: Liability
    /// Months of fees the liability cap equals when capped, e.g. `12`.
    public var liabilityCapMonths: Int
    /// Indemnification.
    public var indemnity: Indemnity
    /// Termination rights.
    public var termination: Termination
    /// Renewal.
    public var renewal: Renewal
    /// Days of notice needed to stop an automatic renewal, `0` for a fixed term, e.g. `180`.
    public var renewalNoticeDays: Int
    /// Penalties.
    public var penalty: Penalty
    /// Size of the penalty in percent of the fees, `0` when there is none, e.g. `25`.
    public var penaltyPercent: Int
    /// Whether the parties waive trial by jury.
    public var juryWaiver: Bool
    /// The governing law, e.g. "the State of New York".
    public var governingLaw: String
    /// Whether that law is unrelated to both parties (e.g. "the Republic of Vanuatu").
    public var governingLawUnusual: Bool

    /// Creates a fact record; no rule is applied here (see ``ContractRiskRules/assess(_:)``).
    public init(
        contractType: Genre, company: String, counterparty: String, liability: Liability, liabilityCapMonths: Int,
        indemnity: Indemnity, termination: Termination, renewal: Renewal, renewalNoticeDays: Int, penalty: Penalty,
        penaltyPercent: Int, juryWaiver: Bool, governingLaw: String, governingLawUnusual: Bool
    ) {
        self.contractType = contractType
        self.company = company
        self.counterparty = counterparty
        self.liability = liability
        self.liabilityCapMonths = liabilityCapMonths
        self.indemnity = indemnity
        self.termination = termination
        self.renewal = renewal
        self.renewalNoticeDays = renewalNoticeDays
        self.penalty = penalty
        self.penaltyPercent = penaltyPercent
        self.juryWaiver = juryWaiver
        self.governingLaw = governingLaw
        self.governingLawUnusual = governingLawUnusual
    }
}
