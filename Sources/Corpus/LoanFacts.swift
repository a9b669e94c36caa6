/// The structured facts behind a loan application: what its text states and the rules read.
public struct LoanFacts: Codable, Hashable, Sendable {
    /// A derogatory public record or collection on the credit report.
    public enum DerogatoryRecord: String, Codable, Hashable, Sendable, CaseIterable {
        /// None reported.
        case none
        /// An unpaid (unsatisfied) civil judgment.
        case unpaidJudgment = "unpaid-judgment"
        /// An unreleased tax lien.
        case taxLien = "tax-lien"
        /// An open collection account.
        case collectionAccount = "collection-account"
    }

    /// What secures the loan, when anything does.
    public enum Collateral: String, Codable, Hashable, Sendable, CaseIterable {
        case vehicle
        case homeEquity = "home-equity"
        case equipment
    }

    /// ISO 4217 code of every amount, e.g. `"USD"`.
    public var currency: String
    /// The amount requested, in whole currency units, e.g. `18_000`.
    public var requestedAmount: Int
    /// The term in months, e.g. `60`.
    public var termMonths: Int
    /// What the money is for, e.g. `"debt consolidation"`.
    public var purpose: String
    /// Gross monthly income, e.g. `6_250`.
    public var monthlyIncome: Int
    /// Existing monthly debt payments before the new loan, e.g. `1_450`.
    public var monthlyObligations: Int
    /// The new loan's estimated monthly payment, e.g. `372`.
    public var proposedPayment: Int
    /// Debt-to-income ratio after the new loan, whole percent: (obligations + payment) / income, e.g. `29`.
    public var debtToIncomePercent: Int
    /// Payments 30 or more days late in the last 24 months, e.g. `0`.
    public var delinquencies24Months: Int
    /// Unpaid judgment, tax lien or open collection account, if any.
    public var derogatoryRecord: DerogatoryRecord
    /// Amount of the derogatory record, `0` when there is none.
    public var derogatoryAmount: Int
    /// Months with the current employer, e.g. `84`.
    public var employmentMonths: Int
    /// Liquid reserves expressed in months of the new payment (`0` means less than one month), e.g. `6`.
    public var reserveMonths: Int
    /// What secures the loan, or `nil` for an unsecured loan.
    public var collateral: Collateral?
    /// Loan-to-value ratio in whole percent for a secured loan, `nil` for an unsecured one, e.g. `72`.
    public var loanToValuePercent: Int?

    /// Creates a fact record; no rule is applied here (see ``LoanUnderwriting/decide(_:)``).
    public init(
        currency: String, requestedAmount: Int, termMonths: Int, purpose: String, monthlyIncome: Int,
        monthlyObligations: Int, proposedPayment: Int, debtToIncomePercent: Int, delinquencies24Months: Int,
        derogatoryRecord: DerogatoryRecord, derogatoryAmount: Int, employmentMonths: Int, reserveMonths: Int,
        collateral: Collateral?, loanToValuePercent: Int?
    ) {
        self.currency = currency
        self.requestedAmount = requestedAmount
        self.termMonths = termMonths
        self.purpose = purpose
        self.monthlyIncome = monthlyIncome
        self.monthlyObligations = monthlyObligations
        self.proposedPayment = proposedPayment
        self.debtToIncomePercent = debtToIncomePercent
        self.delinquencies24Months = delinquencies24Months
        self.derogatoryRecord = derogatoryRecord
        self.derogatoryAmount = derogatoryAmount
        self.employmentMonths = employmentMonths
        self.reserveMonths = reserveMonths
        self.collateral = collateral
        self.loanToValuePercent = loanToValuePercent
    }
}
