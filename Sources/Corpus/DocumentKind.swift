/// The two families of documents the corpus holds.
public enum DocumentKind: String, Codable, Hashable, Sendable, CaseIterable {
    /// Consumer loan applications, labelled approve / refer / decline by ``LoanUnderwriting``.
    case loan
    /// Commercial contracts, labelled standard / elevated / high risk by ``ContractRiskRules``.
    case contract

    /// The label names in class-index order, as a classifier's `id2label` lists them.
    public var labelNames: [String] {
        switch self {
        case .loan: return LoanLabel.allCases.map(\.rawValue)
        case .contract: return ContractLabel.allCases.map(\.rawValue)
        }
    }

    /// The genres this kind is written in.
    public var genres: [Genre] {
        switch self {
        case .loan: return [.letter, .form, .officerSummary]
        case .contract: return [.nonDisclosureAgreement, .serviceAgreement, .supplyAgreement, .leaseAgreement]
        }
    }
}

/// How a document is written: the shape of its text, independent of its label.
public enum Genre: String, Codable, Hashable, Sendable, CaseIterable {
    /// A first-person letter from the applicant to the lender.
    case letter
    /// An application form whose fields are written out as `Field: value` lines.
    case form
    /// A loan officer's third-person credit memo for the committee (it never states the decision).
    case officerSummary = "officer-summary"
    /// A mutual or one-way non-disclosure agreement.
    case nonDisclosureAgreement = "nda"
    /// A master services agreement.
    case serviceAgreement = "service"
    /// A supply (purchase of goods) agreement.
    case supplyAgreement = "supply"
    /// A commercial lease of premises or equipment.
    case leaseAgreement = "lease"
}

/// The class of a loan application.
public enum LoanLabel: String, Codable, Hashable, Sendable, CaseIterable {
    /// Every criterion is met.
    case approve
    /// No decline criterion is met but at least one needs a human underwriter.
    case refer
    /// At least one decline criterion is met.
    case decline
}

/// The class of a commercial contract.
public enum ContractLabel: String, Codable, Hashable, Sendable, CaseIterable {
    /// No unmitigated risky clause.
    case standard
    /// One or two moderate risks.
    case elevated
    /// A severe unmitigated risk, or three or more moderate ones.
    case high
}
