import ArgumentParser
import Dossier
import Foundation

/// The options every command that makes dossiers shares.
struct DossierOptions: ParsableArguments {
    @Option(
        name: .long, help: ArgumentHelp("Template folder (default: the shipped Templates/default).", valueName: "dir"))
    var template: String?

    @Option(name: .long, help: "Who the dossier is for: regulator (every section) or applicant (plain language).")
    var audience: String = "regulator"

    @Option(name: .long, help: "The case or application id printed on every page and in the record.")
    var caseId: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Case fields as JSON (caseId, action, decisionDate, creditType, reviewer, reviewOutcome, overrideReason, reviewDate, contact).",
            valueName: "file.json"))
    var record: String?

    @Option(name: .long, help: "The decision date, YYYY-MM-DD (default: the record's, else today in UTC).")
    var date: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Explain this label (name or index) instead of the decision.", valueName: "label"))
    var target: String?

    @Option(name: .long, help: "Trust checks: quick (5 extra passes), full (adds ERASER curves, ~70 passes) or none.")
    var faithfulness: String = "quick"

    @Option(name: .long, help: "Refuse documents with more characters than this.")
    var maxCharacters: Int = DossierRequest.defaultMaximumCharacters

    @Option(name: .long, help: "Content tokens per window for long documents (default: the model's maximum).")
    var windowSize: Int?

    @Option(name: .long, help: "Tokens between window starts (default: half the window size).")
    var windowStride: Int?

    var templateURL: URL? { template.map { URL(fileURLWithPath: $0, isDirectory: true) } }

    func validate() throws {
        guard Audience(rawValue: audience) != nil else {
            throw ValidationError("--audience must be regulator or applicant, not '\(audience)'")
        }
        guard TrustLevel(rawValue: faithfulness) != nil else {
            throw ValidationError("--faithfulness must be quick, full or none, not '\(faithfulness)'")
        }
        guard maxCharacters > 0 else { throw ValidationError("--max-characters must be positive") }
        if let date, CalendarDate(date) == nil { throw ValidationError("--date '\(date)' is not YYYY-MM-DD") }
    }

    /// The request for one document.
    func request(document: String, model: String, commandLine: [String]) throws -> DossierRequest {
        var details = try record.map { try CaseDetails.load(URL(fileURLWithPath: $0)) } ?? CaseDetails()
        details = details.merged(with: CaseDetails(caseId: caseId, decisionDate: date))
        return DossierRequest(
            document: URL(fileURLWithPath: document), documentName: document, modelName: model,
            audience: Audience(rawValue: audience) ?? .regulator,
            trustLevel: TrustLevel(rawValue: faithfulness) ?? .quick, caseDetails: details, target: target,
            windowSize: windowSize, windowStride: windowStride, maximumCharacters: maxCharacters,
            commandLine: commandLine.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " "))
    }
}
