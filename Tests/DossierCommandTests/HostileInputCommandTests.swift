import Foundation
import TestSupport
import XCTest

/// The built `dossier` binary on broken input: it must end normally with one `error:` line, never a signal.
///
/// The binary is the one SwiftPM built beside this test bundle (`swift build --build-tests` and `swift test`
/// build every product); the test fails, rather than skips, when it is missing.
final class HostileInputCommandTests: XCTestCase {
    private var directory: URL!
    private let manager = FileManager.default

    override func setUpWithError() throws {
        directory = manager.temporaryDirectory.appendingPathComponent("hostile-cli-\(UUID().uuidString)")
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? manager.removeItem(at: directory) }

    /// `.build/<configuration>/dossier`, found from the test bundle's path.
    private static let binary: URL? = {
        let candidates = [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0])]
            .flatMap { url in
                [url.deletingLastPathComponent(), url, url.deletingLastPathComponent().deletingLastPathComponent()]
            }
        return candidates.map { $0.appendingPathComponent("dossier") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    private struct Outcome {
        var signalled: Bool
        var status: Int32
        var stderr: String
        var stderrLines: [Substring] { stderr.split(separator: "\n") }
    }

    private func dossier(_ arguments: [String]) throws -> Outcome {
        guard let binary = Self.binary else {
            XCTFail("no built dossier binary beside \(Bundle.main.bundleURL.path)")
            throw CocoaError(.fileNoSuchFile)
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let errorPipe = Pipe()
        process.standardError = errorPipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = errorPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            signalled: process.terminationReason == .uncaughtSignal, status: process.terminationStatus,
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A copy of the tiny BERT fixture with `edit` applied to its config.json.
    private func brokenModel(_ name: String, _ edit: (inout [String: Any]) -> Void) throws -> URL {
        let model = directory.appendingPathComponent(name)
        try manager.copyItem(at: Fixtures.model("tiny-bert"), to: model)
        let config = model.appendingPathComponent("config.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: config)) as? [String: Any] ?? [:]
        edit(&json)
        try JSONSerialization.data(withJSONObject: json).write(to: config)
        return model
    }

    /// `dossier explain` on each broken configuration: exit status 1 and one line naming config.json and field.
    func testExplainAnswersBrokenConfigurationsWithOneLine() throws {
        let document = directory.appendingPathComponent("letter.txt")
        try Data("The applicant earns enough and asks for a small loan.".utf8).write(to: document)
        let cases: [(String, String, (inout [String: Any]) -> Void)] = [
            (
                "negative-labels", "num_labels",
                {
                    $0["id2label"] = nil
                    $0["label2id"] = nil
                    $0["num_labels"] = -2
                }
            ),
            ("pad-outside", "pad_token_id", { $0["pad_token_id"] = 300 }),
            ("layers", "num_hidden_layers", { $0["num_hidden_layers"] = 1_000_000_000 }),
            ("dropout", "hidden_dropout_prob", { $0["hidden_dropout_prob"] = 1.0 }),
        ]
        for (name, field, edit) in cases {
            let model = try brokenModel(name, edit)
            let outcome = try dossier(["explain", document.path, "--model", model.path])
            XCTAssertFalse(outcome.signalled, "\(name): killed by a signal: \(outcome.stderr)")
            XCTAssertEqual(outcome.status, 1, "\(name): \(outcome.stderr)")
            XCTAssertEqual(outcome.stderrLines.count, 1, "\(name): \(outcome.stderr)")
            let line = outcome.stderrLines.first.map(String.init) ?? ""
            XCTAssertTrue(line.hasPrefix("error: \(model.path)/config.json: "), "\(name): \(line)")
            XCTAssertTrue(line.contains(field), "\(name): \(line)")
        }
    }

    /// `dossier train` on data whose declared label names repeat trapped in `Dictionary(uniqueKeysWithValues:)`.
    /// (The exact exit status and `error:` prefix of `train` are issue 14's; here it must not crash.)
    func testTrainRejectsRepeatedLabelNames() throws {
        let data = directory.appendingPathComponent("data.jsonl")
        let lines = (0..<6).map { i in
            #"{"text": "document number \#(i) about a loan", "label": "\#(i % 2 == 0 ? "approve" : "decline")", "#
                + #""labelNames": ["approve", "decline", "approve"]}"#
        }
        try Data(lines.joined(separator: "\n").utf8).write(to: data)
        let outcome = try dossier([
            "train", data.path, "--from-scratch", "--epochs", "1", "--out",
            directory.appendingPathComponent("out").path,
        ])
        XCTAssertFalse(outcome.signalled, "killed by a signal: \(outcome.stderr)")
        XCTAssertNotEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("'approve' appears twice"), outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains(data.path), outcome.stderr)
    }

    /// `dossier train --base` with a dropout probability of 1 reached `Dropout`'s precondition mid-training.
    func testTrainRejectsABaseWithImpossibleDropout() throws {
        let base = try brokenModel("base") { $0["attention_probs_dropout_prob"] = 1.0 }
        let data = directory.appendingPathComponent("data.jsonl")
        let lines = (0..<6).map { i in
            #"{"text": "document number \#(i)", "label": "\#(i % 2 == 0 ? "approve" : "decline")"}"#
        }
        try Data(lines.joined(separator: "\n").utf8).write(to: data)
        let outcome = try dossier([
            "train", data.path, "--base", base.path, "--epochs", "1", "--out",
            directory.appendingPathComponent("out").path,
        ])
        XCTAssertFalse(outcome.signalled, "killed by a signal: \(outcome.stderr)")
        XCTAssertNotEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("attention_probs_dropout_prob"), outcome.stderr)
    }
}
