import Foundation

/// Who a dossier is written for.
public enum Audience: String, Sendable, Codable, CaseIterable {
    /// Every section: reasons, shaded document, heads, trust, fairness, limitations, appendix, record.
    case regulator
    /// The plain-language subset for the person the decision is about: decision, reasons, how to contest.
    case applicant
}

/// How much of the trust section to compute.
public enum TrustLevel: String, Sendable, Codable, CaseIterable {
    /// Remove the principal reasons, keep only them, remove as many random words (3 draws): 5 extra passes.
    case quick
    /// `quick` plus the ERASER curves of every method against random and their rank agreement (~70 passes).
    case full
    /// No trust passes; the dossier says the explanation was not checked.
    case none
}

/// Everything one dossier is made from.
public struct DossierRequest: Sendable {
    /// The document file (for `text` requests, only a name: nothing is read from it).
    public var document: URL
    /// The document's text when it comes from a batch's JSONL or CSV row rather than a file; its SHA-256 is then
    /// that of the text's UTF-8 bytes.
    public var text: String?
    /// The document's name as recorded (the path as given).
    public var documentName: String
    /// The model's name as recorded (the path as given).
    public var modelName: String
    public var audience: Audience
    public var trustLevel: TrustLevel
    /// The case file's fields (`--record` and options merged).
    public var caseDetails: CaseDetails
    /// The label to explain instead of the decision, by name or index.
    public var target: String?
    /// Content tokens per window and between window starts; nil for the model's defaults.
    public var windowSize: Int?
    public var windowStride: Int?
    /// Documents with more characters than this are refused (default 200,000: about 80 windows).
    public var maximumCharacters: Int
    /// The command line recorded in the dossier.
    public var commandLine: String

    public static let defaultMaximumCharacters = 200_000

    public init(
        document: URL, documentName: String? = nil, modelName: String, audience: Audience = .regulator,
        trustLevel: TrustLevel = .quick, caseDetails: CaseDetails = CaseDetails(), target: String? = nil,
        windowSize: Int? = nil, windowStride: Int? = nil, maximumCharacters: Int = defaultMaximumCharacters,
        commandLine: String = "", text: String? = nil
    ) {
        self.document = document
        self.text = text
        self.documentName = documentName ?? document.path
        self.modelName = modelName
        self.audience = audience
        self.trustLevel = trustLevel
        self.caseDetails = caseDetails
        self.target = target
        self.windowSize = windowSize
        self.windowStride = windowStride
        self.maximumCharacters = maximumCharacters
        self.commandLine = commandLine
    }
}
