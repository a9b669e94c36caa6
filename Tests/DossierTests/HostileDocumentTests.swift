import Foundation
import XCTest

@testable import Dossier

/// Small documents that would expand into gigabytes of text: refused, naming the file, in linear time.
final class HostileDocumentTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-docs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    private func expectTooLarge(_ name: String, _ content: String, line: UInt = #line) throws {
        let url = directory.appendingPathComponent(name)
        try Data(content.utf8).write(to: url)
        let start = Date()
        XCTAssertThrowsError(try DocumentText.load(url), line: line) { error in
            guard case .malformedDocument(let file, let detail) = error as? DossierError else {
                return XCTFail("\(error)", line: line)
            }
            XCTAssertEqual(file, url.path, line: line)
            XCTAssertTrue(detail.contains("16 times"), detail, line: line)
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 10, "took too long", line: line)
    }

    /// A 200 KB header over 100 000 comma-only rows: 20 GB of `header: value` lines before the limit.
    func testWideHeaderOverManyShortRows() throws {
        let header = (0..<20_000).map { "column\($0)" }.joined(separator: ",")
        try expectTooLarge("wide.csv", header + "\n" + String(repeating: ",\n", count: 100_000))
    }

    /// Arrays nested 400 deep around many leaves: every leaf's line repeats the 2 KB index path.
    func testDeeplyNestedArrays() throws {
        let depth = 400
        let leaves = Array(repeating: "1", count: 50_000).joined(separator: ",")
        try expectTooLarge(
            "deep.json", String(repeating: "[", count: depth) + leaves + String(repeating: "]", count: depth))
    }

    /// Ordinary tables and nested JSON stay well within the limit.
    func testOrdinaryDocumentsStillConvert() throws {
        let csv = directory.appendingPathComponent("rows.csv")
        try Data("name,amount\nAda,1200\nBob,\n".utf8).write(to: csv)
        XCTAssertEqual(try DocumentText.load(csv).text, "name: Ada\namount: 1200\n\nname: Bob\namount: ")
        let json = directory.appendingPathComponent("nested.json")
        try Data(#"{"a": {"b": [1, "x"]}}"#.utf8).write(to: json)
        XCTAssertEqual(try DocumentText.load(json).text, "a.b[0]: 1\na.b[1]: x")
    }
}
