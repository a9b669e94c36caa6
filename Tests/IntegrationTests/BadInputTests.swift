import Foundation
import TestSupport
import XCTest

/// Bad input to `dossier explain`: one line on standard error naming the file, exit status 1, nothing written.
final class BadInputTests: XCTestCase {
    private let model = "Samples/Models/loan-decision"

    /// Runs `explain` and checks the failure: one `error:` line containing `expected`, and no output left.
    private func expectFailure(
        document: String, model: String? = nil, extra: [String] = [], expected: String, folder: URL,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let pdf = folder.appendingPathComponent("out.pdf")
        let json = folder.appendingPathComponent("out.json")
        let run = try CommandRunner.dossier(
            ["explain", document, "--model", model ?? self.model, "--out", pdf.path, "--json", json.path] + extra)
        XCTAssertEqual(run.status, 1, "expected exit 1 for \(document): \(run.error)", file: file, line: line)
        let lines = run.error.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "expected one line on stderr: \(run.error)", file: file, line: line)
        XCTAssertTrue(run.error.hasPrefix("error: "), run.error, file: file, line: line)
        XCTAssertTrue(run.error.contains(expected), "'\(expected)' not in: \(run.error)", file: file, line: line)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasPrefix("out") || $0.contains(".partial")
        }
        XCTAssertEqual(left, [], "files left behind", file: file, line: line)
    }

    func testBadDocuments() throws {
        let folder = try CommandRunner.temporaryFolder(self)
        let empty = folder.appendingPathComponent("empty.txt")
        try Data().write(to: empty)
        try expectFailure(document: empty.path, expected: "\(empty.path): the document has no text", folder: folder)
        let binary = folder.appendingPathComponent("binary.txt")
        try Data([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0xFF]).write(to: binary)
        try expectFailure(document: binary.path, expected: "\(binary.path): not UTF-8 text", folder: folder)
        let latin1 = folder.appendingPathComponent("latin1.txt")
        try Data([0x63, 0x61, 0x66, 0xE9, 0x20, 0x6C, 0x6F, 0x61, 0x6E]).write(to: latin1)
        try expectFailure(document: latin1.path, expected: "invalid UTF-8", folder: folder)
        try expectFailure(
            document: folder.path, expected: "\(folder.path): cannot read: is a directory", folder: folder)
        try expectFailure(
            document: folder.appendingPathComponent("missing.txt").path, expected: "no such file", folder: folder)
        let badJSON = folder.appendingPathComponent("form.json")
        try Data("{\"fields\": [".utf8).write(to: badJSON)
        try expectFailure(document: badJSON.path, expected: "\(badJSON.path): invalid JSON", folder: folder)
    }

    func testLongDocumentIsRefusedQuicklyPastTheLimit() throws {
        let folder = try CommandRunner.temporaryFolder(self)
        let long = folder.appendingPathComponent("ten-megabytes.txt")
        let paragraph = String(repeating: "My gross monthly income is 9,000 GBP and my DTI is 47%. ", count: 180) + "\n"
        try Data(String(repeating: paragraph, count: 1000).utf8).write(to: long)
        let started = Date()
        try expectFailure(document: long.path, expected: "more than the limit of 200000", folder: folder)
        print("10 MB document refused in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
    }

    func testBrokenModelFolders() throws {
        let folder = try CommandRunner.temporaryFolder(self)
        let document = "Samples/Documents/loan-04-form.txt"
        let source = Fixtures.root.appendingPathComponent(model)
        func copy(_ name: String, change: (URL) throws -> Void) throws -> URL {
            let target = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            for file in try FileManager.default.contentsOfDirectory(atPath: source.path) {
                try FileManager.default.createSymbolicLink(
                    at: target.appendingPathComponent(file), withDestinationURL: source.appendingPathComponent(file))
            }
            try change(target)
            return target
        }
        let noConfig = try copy("no-config") {
            try FileManager.default.removeItem(at: $0.appendingPathComponent("config.json"))
        }
        try expectFailure(document: document, model: noConfig.path, expected: "config.json", folder: folder)
        let badConfig = try copy("bad-config") {
            try FileManager.default.removeItem(at: $0.appendingPathComponent("config.json"))
            try Data("{\"model_type\": \"bert\", \"hidden_size\": ".utf8).write(
                to: $0.appendingPathComponent("config.json"))
        }
        try expectFailure(document: document, model: badConfig.path, expected: "config.json", folder: folder)
        let truncated = try copy("truncated-weights") {
            let weights = $0.appendingPathComponent("model.safetensors")
            let head = try FileHandle(forReadingFrom: source.appendingPathComponent("model.safetensors")).read(
                upToCount: 4096)
            try FileManager.default.removeItem(at: weights)
            try (head ?? Data()).write(to: weights)
        }
        try expectFailure(document: document, model: truncated.path, expected: "model.safetensors", folder: folder)
        let noTokenizer = try copy("no-tokenizer") {
            for name in ["tokenizer.json", "vocab.txt"] {
                try? FileManager.default.removeItem(at: $0.appendingPathComponent(name))
            }
        }
        try expectFailure(document: document, model: noTokenizer.path, expected: noTokenizer.path, folder: folder)
    }

    func testBrokenTemplateAndUnwritableOutput() throws {
        let folder = try CommandRunner.temporaryFolder(self)
        let document = "Samples/Documents/loan-04-form.txt"
        let template = folder.appendingPathComponent("template")
        try FileManager.default.copyItem(at: Fixtures.root.appendingPathComponent("Templates/default"), to: template)
        try "Decision {{decison}}.".write(
            to: template.appendingPathComponent("text/cover-summary.mustache"), atomically: true, encoding: .utf8)
        try expectFailure(
            document: document, extra: ["--template", template.path], expected: "unknown key 'decison'", folder: folder)
        try FileManager.default.removeItem(at: template.appendingPathComponent("reason-codes.json"))
        try expectFailure(
            document: document, extra: ["--template", template.path], expected: "reason-codes.json: missing",
            folder: folder)

        let blocker = folder.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: blocker)
        let run = try CommandRunner.dossier([
            "explain", document, "--model", model, "--out", blocker.appendingPathComponent("d.pdf").path,
        ])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.error.hasPrefix("error: \(blocker.path)/d.pdf: cannot write"), run.error)
        XCTAssertEqual(run.error.split(separator: "\n").count, 1, run.error)
    }

    func testVerifyRefusesWhatIsNotADossier() throws {
        let folder = try CommandRunner.temporaryFolder(self)
        let notPDF = folder.appendingPathComponent("letter.pdf")
        try Data("%PDF-1.5\nnot really\n".utf8).write(to: notPDF)
        let run = try CommandRunner.dossier(["verify", notPDF.path])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.error.hasPrefix("error: \(notPDF.path): not a dossier made by this tool"), run.error)
        let missing = try CommandRunner.dossier(["verify", folder.appendingPathComponent("none.pdf").path])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.error.split(separator: "\n").count, 1, missing.error)
    }
}
