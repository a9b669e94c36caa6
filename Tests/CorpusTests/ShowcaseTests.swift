import Corpus
import Foundation
import XCTest

/// The committed showcase set doubles as a golden file: regenerating it on this machine must reproduce the
/// committed bytes, which pins the generator's output across machines and toolchains.
final class ShowcaseTests: XCTestCase {
    private var samples: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Samples/Documents")
    }

    func testCommittedShowcaseMatchesTheGenerator() throws {
        let path = samples.appendingPathComponent("rationales.jsonl")
        let committed = try String(contentsOf: path, encoding: .utf8)
        let entries = try Showcase.entries()
        let regenerated = try CorpusDocument.jsonLines(entries.map(\.document))
        let committedLines = committed.split(separator: "\n")
        let regeneratedLines = regenerated.split(separator: "\n")
        XCTAssertEqual(committedLines.count, regeneratedLines.count, "\(path.path): document count")
        for (index, (old, new)) in zip(committedLines, regeneratedLines).enumerated() {
            XCTAssertEqual(
                old, new,
                "\(path.path): line \(index + 1) differs from the generator; run `\(Showcase.command)` if intended")
        }
        for entry in entries {
            let file = samples.appendingPathComponent(entry.document.id + ".txt")
            XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), entry.document.text, file.path)
        }
        XCTAssertEqual(
            try String(contentsOf: samples.appendingPathComponent("README.md"), encoding: .utf8),
            Showcase.readme(entries),
            "Samples/Documents/README.md is stale")
    }

    func testShowcaseCoversKindsGenresAndLabels() throws {
        let documents = try Showcase.entries().map(\.document)
        XCTAssertEqual(documents.count, 20)
        for kind in DocumentKind.allCases {
            let ofKind = documents.filter { $0.kind == kind }
            XCTAssertEqual(ofKind.count, 10, "\(kind)")
            XCTAssertEqual(Set(ofKind.map(\.label)), Set(kind.labelNames), "\(kind) labels")
            XCTAssertEqual(Set(ofKind.map(\.genre)), Set(kind.genres), "\(kind) genres")
        }
        XCTAssert(documents.contains { $0.wordCount < 150 } && documents.contains { $0.wordCount > 600 })
    }
}
