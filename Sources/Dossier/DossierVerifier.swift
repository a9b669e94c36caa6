import Foundation
import Tensors
import Typesetting

/// Re-performs a dossier as an auditor would: checks the document's and the model's hashes against the record
/// embedded in the PDF, then makes the dossier again and compares.
///
/// On a machine with the same numeric route (kernels and BLAS core) the same tool version regenerates a dossier
/// byte for byte, so any changed byte fails; elsewhere (or with another version) the record's numbers are compared
/// within stated tolerances.
public struct DossierVerifier {
    /// Probabilities may differ by this much across numeric routes.
    public static let probabilityTolerance: Float = 1e-3
    /// Word scores may differ by this much relative to the document's largest score.
    public static let scoreTolerance: Float = 1e-3

    /// One check and its outcome.
    public struct Check: Sendable {
        public var name: String
        public var passed: Bool
        public var detail: String
    }

    /// Reads the record embedded in a dossier PDF.
    /// - Throws: `DossierError.notADossier` naming the file.
    public static func record(inPDF url: URL) throws -> (pdf: Data, record: DossierRecord) {
        guard let pdf = FileManager.default.contents(atPath: url.path) else {
            throw DossierError.unreadableDocument(file: url.path, reason: "no such file or not readable")
        }
        let attachments: [String: Data]
        do {
            attachments = try PDFAttachments.extract(from: pdf)
        } catch {
            throw DossierError.notADossier(file: url.path, detail: "\(error)")
        }
        guard let json = attachments["dossier-record.json"] else {
            throw DossierError.notADossier(file: url.path, detail: "no embedded dossier-record.json")
        }
        do {
            return (pdf, try JSONDecoder().decode(DossierRecord.self, from: json))
        } catch {
            throw DossierError.notADossier(file: url.path, detail: "the embedded record does not decode: \(error)")
        }
    }

    /// Verifies a dossier.
    /// - Parameters:
    ///   - pdfURL: The dossier.
    ///   - document: The document it explains, if at hand.
    ///   - model: The model directory, if at hand.
    ///   - template: The template folder it was made with (nil: the shipped default).
    /// - Returns: Every check made; the dossier is verified when all passed.
    public static func verify(pdf pdfURL: URL, document: URL?, model: URL?, template: URL?) throws -> [Check] {
        let (pdf, record) = try record(inPDF: pdfURL)
        var checks: [Check] = []
        if let document {
            let digest = try SHA256.hex(ofFile: document)
            checks.append(
                Check(
                    name: "document SHA-256", passed: digest == record.document.sha256,
                    detail: digest == record.document.sha256
                        ? "matches \(digest)" : "\(digest) differs from the recorded \(record.document.sha256)"))
        }
        guard let model else { return checks }
        let files = try DossierMaker.digests(ofModel: model)
        for recorded in record.model.files {
            let actual = files.first { $0.name == recorded.name }
            checks.append(
                Check(
                    name: "model file \(recorded.name)", passed: actual?.sha256 == recorded.sha256,
                    detail: actual.map { $0.sha256 == recorded.sha256 ? "matches" : "SHA-256 \($0.sha256) differs" }
                        ?? "missing from \(model.path)"))
        }
        guard let document, checks.allSatisfy(\.passed) else { return checks }

        let maker = try DossierMaker(model: model, template: template)
        guard maker.template.digest == record.template.sha256 else {
            checks.append(
                Check(
                    name: "template", passed: false,
                    detail: "the template folder differs from the one recorded (\(record.template.name)); "
                        + "pass the same folder with --template"))
            return checks
        }
        let regenerated = try maker.make(request(from: record, document: document))
        if Self.regeneratesBytes(record.tool) {
            let same = regenerated.pdf == pdf
            checks.append(
                Check(
                    name: "regenerated dossier", passed: same,
                    detail: same
                        ? "byte-identical (same numeric route: \(record.tool.numericRoute))"
                        : "differs from the PDF (\(firstDifference(regenerated.pdf, pdf)))"))
        } else {
            checks += compareNumbers(record, regenerated.record)
        }
        return checks
    }

    /// Whether this tool can regenerate a dossier made by `tool` byte for byte: the same version on the same
    /// numeric route and BLAS kernel (another version prints its own number on every page and may round
    /// differently).
    static func regeneratesBytes(_ tool: DossierRecord.Tool) -> Bool {
        tool.numericRoute == AcceleratedKernels.routeName && tool.blas == BLAS.configuration
            && tool.version == DossierMaker.toolVersion
    }

    /// The request that made a recorded dossier.
    static func request(from record: DossierRecord, document: URL) -> DossierRequest {
        let r = record.caseRecord
        return DossierRequest(
            document: document, documentName: record.document.name, modelName: record.model.name,
            audience: Audience(rawValue: record.audience) ?? .regulator,
            trustLevel: TrustLevel(rawValue: record.trust.level) ?? .quick,
            caseDetails: CaseDetails(
                caseId: r.caseId, action: r.action, decisionDate: "\(r.decisionDate)", creditType: r.creditType,
                reviewer: r.reviewer, reviewOutcome: r.reviewOutcome, overrideReason: r.overrideReason,
                reviewDate: r.reviewDate, contact: r.contact),
            target: record.decision.explainedLabel == record.decision.label ? nil : record.decision.explainedLabel,
            windowSize: record.settings.windowSize, windowStride: record.settings.windowStride,
            maximumCharacters: record.settings.maximumCharacters, commandLine: record.tool.command)
    }

    static func firstDifference(_ a: Data, _ b: Data) -> String {
        let index = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
        return "first difference at byte \(index) of \(b.count)"
    }

    /// Decision, probabilities, reasons and word scores within the tolerances.
    static func compareNumbers(_ recorded: DossierRecord, _ now: DossierRecord) -> [Check] {
        var checks: [Check] = []
        var route = "numeric route \(now.tool.numericRoute) here, \(recorded.tool.numericRoute) recorded"
        if now.tool.version != recorded.tool.version {
            route += "; tool version \(now.tool.version) here, \(recorded.tool.version) recorded"
        }
        checks.append(
            Check(
                name: "decision", passed: recorded.decision.label == now.decision.label,
                detail: "\(now.decision.label) (recorded \(recorded.decision.label)); \(route)"))
        let probabilityGap =
            zip(recorded.decision.probabilities, now.decision.probabilities)
            .map { abs($0.probability - $1.probability) }.max() ?? 0
        checks.append(
            Check(
                name: "probabilities", passed: probabilityGap <= probabilityTolerance,
                detail: "max |Δ| \(probabilityGap) (tolerance \(probabilityTolerance))"))
        let sameReasons = recorded.reasons.map(\.text) == now.reasons.map(\.text)
        checks.append(
            Check(
                name: "principal reasons", passed: sameReasons,
                detail: sameReasons ? "the same passages in the same order" : "the passages differ"))
        let scale = recorded.explanation.words.compactMap { $0.scores[.gradientWeighted] }.max() ?? 1
        let scoreGap =
            zip(recorded.explanation.words, now.explanation.words).map {
                abs(($0.scores[.gradientWeighted] ?? 0) - ($1.scores[.gradientWeighted] ?? 0))
            }.max() ?? 0
        checks.append(
            Check(
                name: "word scores", passed: scoreGap <= scoreTolerance * max(scale, 1e-12),
                detail: "max |Δ| \(scoreGap) relative to \(scale) (tolerance \(scoreTolerance) relative)"))
        return checks
    }
}
