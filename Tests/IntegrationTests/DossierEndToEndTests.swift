import Foundation
import TestSupport
import XCTest

/// One loan and one contract, both audiences, through the built command: every check a reader or an auditor
/// would make of the PDF, the record and a rerun.
final class DossierEndToEndTests: XCTestCase {
    private let cases = [
        ("Samples/Documents/loan-10-letter.txt", "Samples/Models/loan-decision", "APP-2026-0010"),
        ("Samples/Documents/contract-03-service.txt", "Samples/Models/contract-risk", "CTR-2026-0003"),
    ]

    func testDossiersPassEveryCheckAndRerunByteIdentical() throws {
        let folder = try CommandRunner.temporaryFolder(self)
        for (document, model, caseId) in cases {
            for audience in ["regulator", "applicant"] {
                let pdf = folder.appendingPathComponent("\(caseId)-\(audience).pdf")
                let json = folder.appendingPathComponent("\(caseId)-\(audience).json")
                let arguments = [
                    "explain", document, "--model", model, "--out", pdf.path, "--json", json.path, "--case-id", caseId,
                    "--date", "2026-12-02", "--audience", audience,
                ]
                let run = try CommandRunner.dossier(arguments)
                XCTAssertEqual(run.status, 0, "\(document) \(audience): \(run.error)")
                print("\(document) (\(audience)): \(String(format: "%.2f", run.seconds)) s")
                try checkPDF(pdf, document: document, audience: audience)
                try checkRecord(json: json, pdf: pdf)

                // A rerun is byte-identical, PDF and JSON.
                let firstPDF = try Data(contentsOf: pdf)
                let firstJSON = try Data(contentsOf: json)
                XCTAssertEqual(try CommandRunner.dossier(arguments).status, 0)
                XCTAssertEqual(try Data(contentsOf: pdf), firstPDF, "\(document): rerun PDF differs")
                XCTAssertEqual(try Data(contentsOf: json), firstJSON, "\(document): rerun JSON differs")
            }
        }
    }

    func testVerifyReperformsAndNamesWhatChanged() throws {
        let folder = try CommandRunner.temporaryFolder(self)
        let (document, model, caseId) = cases[0]
        let pdf = folder.appendingPathComponent("d.pdf")
        let made = try CommandRunner.dossier([
            "explain", document, "--model", model, "--out", pdf.path, "--case-id", caseId, "--date", "2026-12-02",
        ])
        XCTAssertEqual(made.status, 0, made.error)
        let verified = try CommandRunner.dossier(["verify", pdf.path, "--document", document, "--model", model])
        XCTAssertEqual(verified.status, 0, verified.output + verified.error)
        XCTAssertTrue(verified.output.contains("byte-identical"), verified.output)

        // On the other numeric route the numbers are compared within tolerances, and the output says so.
        if verified.output.contains("AVX-512 kernels") {
            let portable = try CommandRunner.dossier(
                ["verify", pdf.path, "--document", document, "--model", model],
                environment: ["DOSSIER_PORTABLE_KERNELS": "1"])
            XCTAssertEqual(portable.status, 0, portable.output + portable.error)
            XCTAssertTrue(portable.output.contains("numeric route portable kernels here"), portable.output)
            XCTAssertTrue(portable.output.contains("ok   probabilities: max |Δ|"), portable.output)
        }

        // A changed document is named.
        let changed = folder.appendingPathComponent("changed.txt")
        var text = try String(contentsOfFile: Fixtures.root.appendingPathComponent(document).path, encoding: .utf8)
        text = text.replacingOccurrences(of: "47%", with: "37%")
        try text.write(to: changed, atomically: true, encoding: .utf8)
        let refused = try CommandRunner.dossier(["verify", pdf.path, "--document", changed.path, "--model", model])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(
            refused.error.hasPrefix("error: \(pdf.path): verification failed: document SHA-256"), refused.error)

        // A changed byte in the PDF (inside the page content, the record intact) fails the re-performance.
        var bytes = try Data(contentsOf: pdf)
        let marker = Data("/Producer".utf8)
        let at = try XCTUnwrap(bytes.range(of: marker)).lowerBound + 2
        bytes[at] = bytes[at] == UInt8(ascii: "r") ? UInt8(ascii: "R") : UInt8(ascii: "r")
        let tampered = folder.appendingPathComponent("tampered.pdf")
        try bytes.write(to: tampered)
        let failed = try CommandRunner.dossier(["verify", tampered.path, "--document", document, "--model", model])
        XCTAssertEqual(failed.status, 1, failed.output)
        XCTAssertTrue(failed.error.contains("regenerated dossier: differs"), failed.error)
    }

    // MARK: - Checks

    private func checkPDF(_ pdf: URL, document: String, audience: String) throws {
        let qpdf = try CommandRunner.run("qpdf", ["--check", pdf.path])
        XCTAssertEqual(qpdf.status, 0, "\(pdf.lastPathComponent): qpdf --check: \(qpdf.output)\(qpdf.error)")
        XCTAssertFalse(qpdf.output.contains("WARNING"), qpdf.output)

        let fonts = try CommandRunner.run("pdffonts", [pdf.path])
        let rows = fonts.output.split(separator: "\n").dropFirst(2)
        XCTAssertFalse(rows.isEmpty)
        for row in rows {
            // name type encoding emb sub uni object ID: the "emb" column must say yes.
            let columns = row.split(separator: " ", omittingEmptySubsequences: true)
            XCTAssertTrue(columns.count >= 7 && columns[columns.count - 5] == "yes", "font not embedded: \(row)")
            // Only the shipped fonts: a system font would make the bytes depend on the machine.
            let name = columns.first?.split(separator: "+").last.map(String.init) ?? ""
            let shipped = [
                "NotoSans-Regular", "NotoSans-Bold", "NotoSerif-Regular", "NotoSerif-Bold", "DejaVuSansMono",
                "DejaVuSans",
            ]
            XCTAssertTrue(shipped.contains(name), "a font that is not shipped in Fonts/: \(row)")
        }

        let info = try CommandRunner.run("pdfinfo", [pdf.path])
        XCTAssertTrue(info.output.contains("Tagged:          yes"), info.output)
        XCTAssertTrue(info.output.contains("Title:"), info.output)

        let attachments = try CommandRunner.run("pdfdetach", ["-list", pdf.path])
        XCTAssertTrue(attachments.output.contains("dossier-record.json"), attachments.output)

        guard audience == "regulator" else { return }
        // The text layer gives back the document's words (≥ 99 % of them).
        let text = try CommandRunner.run("pdftotext", ["-enc", "UTF-8", pdf.path, "-"]).output
        let source = try String(contentsOfFile: Fixtures.root.appendingPathComponent(document).path, encoding: .utf8)
        let pdfWords = Dictionary(grouping: words(text), by: { $0 }).mapValues(\.count)
        var remaining = pdfWords
        var found = 0
        let sourceWords = words(source)
        for word in sourceWords where (remaining[word] ?? 0) > 0 {
            remaining[word]! -= 1
            found += 1
        }
        let recovered = Double(found) / Double(max(sourceWords.count, 1))
        print(
            "\(document): pdftotext recovers \(String(format: "%.2f", recovered * 100)) % of \(sourceWords.count) words"
        )
        XCTAssertGreaterThanOrEqual(recovered, 0.99, "\(document): text layer recovers too few words")
    }

    private func words(_ text: String) -> [String] {
        text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
    }

    private func checkRecord(json: URL, pdf: URL) throws {
        let schema = Fixtures.root.appendingPathComponent("Templates/schema/dossier-record.schema.json")
        let validation = try CommandRunner.run(
            "python3",
            [
                "-c",
                "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))",
                json.path, schema.path,
            ])
        XCTAssertEqual(validation.status, 0, "\(json.lastPathComponent) does not validate: \(validation.error)")

        let folder = pdf.deletingLastPathComponent().appendingPathComponent("detached-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let saved = try CommandRunner.run("pdfdetach", ["-saveall", "-o", folder.path, pdf.path])
        XCTAssertEqual(saved.status, 0, saved.error)
        let embedded = try Data(contentsOf: folder.appendingPathComponent("dossier-record.json"))
        XCTAssertEqual(embedded, try Data(contentsOf: json), "the embedded record differs from the sidecar")
        let record = try XCTUnwrap(JSONSerialization.jsonObject(with: embedded) as? [String: Any])
        // No NaN or infinity anywhere: JSONSerialization would have refused them; check the probabilities sum.
        let decision = try XCTUnwrap(record["decision"] as? [String: Any])
        let probabilities = try XCTUnwrap(decision["probabilities"] as? [[String: Any]])
        let total = probabilities.compactMap { $0["probability"] as? Double }.reduce(0, +)
        XCTAssertEqual(total, 1, accuracy: 1e-4)
    }
}
