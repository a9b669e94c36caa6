import XCTest

@testable import Batch

final class ManifestTests: XCTestCase {
    func entry(_ id: String) -> ManifestEntry {
        ManifestEntry(id: id, status: .done, input: "\(id).txt", sha256: .init(model: "m"), seconds: 1)
    }

    func testATornLastLineIsDroppedAndCutOffBeforeAppending() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        var data = try entry("a").line() + entry("b").line()
        data += Data(#"{"id":"c","sta"#.utf8)
        try data.write(to: url)
        XCTAssertEqual(try Manifest.read(url).entries.map(\.id), ["a", "b"])
        do {
            let manifest = try Manifest(appendingTo: url)
            try manifest.append(entry("c"))
        }
        XCTAssertEqual(try Manifest.read(url).entries.map(\.id), ["a", "b", "c"])
        let text = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(text.split(separator: "\n").count, 3)
        XCTAssertTrue(text.hasSuffix("\n"))
    }

    func testADamagedEarlierLineIsAnError() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        try (try entry("a").line() + Data("garbage\n".utf8) + entry("b").line()).write(to: url)
        XCTAssertThrowsError(try Manifest.read(url)) { XCTAssertTrue("\($0)".contains("line 2"), "\($0)") }
        // Opening it to append (as --resume does) refuses too, and cuts nothing.
        let before = try Data(contentsOf: url)
        XCTAssertThrowsError(try Manifest(appendingTo: url)) { XCTAssertTrue("\($0)".contains("line 2"), "\($0)") }
        XCTAssertEqual(try Data(contentsOf: url), before)
    }

    func testCSVViewQuotesFields() {
        var failed = entry("x,1")
        failed.status = .failed
        failed.error = "doc.txt: says \"no\""
        let csv = String(decoding: CSVWriter.table([failed]), as: UTF8.self)
        XCTAssertTrue(csv.hasPrefix("id,status,"))
        XCTAssertTrue(csv.contains("\"x,1\",failed"), csv)
        XCTAssertTrue(csv.contains("\"doc.txt: says \"\"no\"\"\""), csv)
    }
}
