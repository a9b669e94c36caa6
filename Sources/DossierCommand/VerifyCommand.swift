import ArgumentParser
import Batch
import Dossier
import Foundation

/// `dossier verify DOSSIER.pdf [--document DOC] [--model DIR]`: re-performs a dossier as an auditor would.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a dossier's hashes and re-perform its explanation.",
        discussion: """
            Reads the record embedded in the PDF; with --document checks the document's SHA-256, with --model the \
            model files'; with both, makes the dossier again: byte-identical on the same numeric route, else the \
            numbers within stated tolerances. Exit status 1 if any check fails.
            """)

    @Argument(
        help: ArgumentHelp(
            "The dossier PDF, or a batch folder or its ZIP archive (every file against the manifest).",
            valueName: "dossier.pdf|dir|zip"))
    var dossier: String

    @Option(name: .long, help: ArgumentHelp("The document the dossier explains.", valueName: "file"))
    var document: String?

    @Option(name: .long, help: ArgumentHelp("The model directory.", valueName: "dir"))
    var model: String?

    @Option(name: .long, help: ArgumentHelp("The template folder the dossier was made with.", valueName: "dir"))
    var template: String?

    func run() throws {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: dossier, isDirectory: &isDirectory)
        if exists, isDirectory.boolValue || dossier.lowercased().hasSuffix(".zip") {
            return try verifyBatch()
        }
        do {
            let checks = try DossierVerifier.verify(
                pdf: URL(fileURLWithPath: dossier), document: document.map { URL(fileURLWithPath: $0) },
                model: model.map { URL(fileURLWithPath: $0, isDirectory: true) },
                template: template.map { URL(fileURLWithPath: $0, isDirectory: true) })
            let (_, record) = try DossierVerifier.record(inPDF: URL(fileURLWithPath: dossier))
            print("\(dossier): record of \(record.document.name), decision \(record.decision.label)")
            for check in checks { print("  \(check.passed ? "ok  " : "FAIL") \(check.name): \(check.detail)") }
            if checks.isEmpty { print("  (pass --document and --model to check hashes and re-perform it)") }
            if let failed = checks.first(where: { !$0.passed }) {
                throw fail(DossierError.verificationFailed(file: dossier, detail: "\(failed.name): \(failed.detail)"))
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail(error)
        }
    }

    /// A batch folder or archive: every file against the manifest's and SHA256SUMS' digests.
    func verifyBatch() throws {
        do {
            let report = try BatchVerifier.verify(URL(fileURLWithPath: dossier))
            for problem in report.problems { print("  FAIL \(problem)") }
            print(
                "\(dossier): \(report.documents) documents, \(report.filesChecked) files checked, "
                    + (report.problems.isEmpty ? "all match" : "\(report.problems.count) problems"))
            if let first = report.problems.first {
                throw fail(DossierError.verificationFailed(file: dossier, detail: "\(first)"))
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail(error)
        }
    }
}
