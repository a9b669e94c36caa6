import XCTest

@testable import Batch

final class BatchInputTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("batch-input-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func write(_ name: String, _ text: String) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url
    }

    func testJSONLinesKeepBadRowsAsFailuresAndReadCaseFields() throws {
        let input = try write(
            "in.jsonl",
            """
            {"id": "a", "text": "Applicant earns 4000 a month.", "caseId": "APP-1", "credit_type": "consumer"}
            not json
            {"text": "no id"}
            {"id": "b", "path": "docs/b.txt", "reviewer": "J. Doe"}
            {"id": "a", "text": "repeated id"}
            {"id": "c"}
            {"id": "d", "text": 5}

            {"id": 7, "text": "numeric id"}
            """)
        let items = try BatchInput.read(input)
        XCTAssertEqual(items.map(\.id), ["a", "#line 2", "#line 3", "b", "a (\(input.path):5)", "c", "d", "7"])
        XCTAssertEqual(items[0].source, .text("Applicant earns 4000 a month."))
        XCTAssertEqual(items[0].caseDetails.caseId, "APP-1")
        XCTAssertEqual(items[0].caseDetails.creditType, "consumer")
        XCTAssertEqual(items[3].source, .file(folder.appendingPathComponent("docs/b.txt")))
        XCTAssertEqual(items[3].caseDetails.reviewer, "J. Doe")
        for index in [1, 2, 4, 5, 6] {
            guard case .invalid(let reason) = items[index].source else { return XCTFail("row \(index) should fail") }
            XCTAssertFalse(reason.isEmpty)
        }
        XCTAssertEqual(items[1].origin, "\(input.path):2")
    }

    func testCSVNeedsItsColumnsAndFlagsShortRows() throws {
        let good = try write("in.csv", "id,text,caseId\r\nx,\"Hello, world\",C-1\r\ny,short\r\n")
        let items = try BatchInput.read(good)
        XCTAssertEqual(items.map(\.id), ["x", "y"])
        XCTAssertEqual(items[0].source, .text("Hello, world"))
        XCTAssertEqual(items[0].caseDetails.caseId, "C-1")
        guard case .invalid = items[1].source else { return XCTFail("a short row fails") }

        let unknown = try write("bad.csv", "id,text,colour\n1,a,b\n")
        XCTAssertThrowsError(try BatchInput.read(unknown)) { XCTAssertTrue("\($0)".contains("colour"), "\($0)") }
        let noText = try write("none.csv", "id,caseId\n1,a\n")
        XCTAssertThrowsError(try BatchInput.read(noText)) { XCTAssertTrue("\($0)".contains("'path'"), "\($0)") }
    }

    func testFolderListsEveryFileInPathOrderAndNeverSkipsSilently() throws {
        _ = try write("b.txt", "b")
        _ = try write("a.txt", "a")
        _ = try write("a.json", "{\"text\": \"a\"}")
        _ = try write("sub/c.md", "c")
        _ = try write("scan.pdf", "%PDF")
        _ = try write(".DS_Store", "x")
        let items = try BatchInput.read(folder)
        XCTAssertEqual(items.map(\.id), ["a.json", "a.txt", "b", "scan", "sub/c"])
        guard case .invalid(let reason) = items[3].source else { return XCTFail("a PDF input fails") }
        XCTAssertTrue(reason.contains(".pdf"), reason)
    }

    func testMissingOrWrongInputIsAnError() {
        XCTAssertThrowsError(try BatchInput.read(folder.appendingPathComponent("nope.jsonl"))) {
            XCTAssertTrue("\($0)".contains("no such file"), "\($0)")
        }
        let other = try? write("in.xlsx", "x")
        XCTAssertThrowsError(try BatchInput.read(other!)) { XCTAssertTrue("\($0)".contains(".jsonl"), "\($0)") }
    }
}
