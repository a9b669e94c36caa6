import Foundation
import XCTest

@testable import Dossier

final class DocumentTextTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("documents-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    private func write(_ name: String, _ bytes: Data) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try bytes.write(to: url)
        return url
    }

    private func expect(_ url: URL, _ check: (DossierError) -> Bool, line: UInt = #line) {
        XCTAssertThrowsError(try DocumentText.load(url), line: line) { error in
            guard let error = error as? DossierError else { return XCTFail("\(error)", line: line) }
            XCTAssertTrue(check(error), "\(error)", line: line)
            XCTAssertTrue(error.description.hasPrefix(url.path), "does not start with the file: \(error)", line: line)
        }
    }

    func testPlainTextKeepsEverythingButTheByteOrderMark() throws {
        let url = try write("a.txt", Data("\u{FEFF}Café — “quoted”\r\nline 2".utf8))
        XCTAssertEqual(try DocumentText.load(url).text, "Café — “quoted”\r\nline 2")
    }

    func testJSONFormFieldsTextFieldAndGenericObjects() throws {
        let form = try write(
            "form.json",
            Data(#"{"fields": [{"field": "Amount", "value": "USD 40,500"}, {"field": "Term", "value": 36}]}"#.utf8))
        XCTAssertEqual(try DocumentText.load(form).text, "Amount: USD 40,500\nTerm: 36")
        let text = try write("t.json", Data(#"{"text": "Plain body", "id": 3}"#.utf8))
        XCTAssertEqual(try DocumentText.load(text).text, "Plain body")
        let generic = try write("g.json", Data(#"{"b": {"c": "x"}, "a": [1, "y"]}"#.utf8))
        XCTAssertEqual(try DocumentText.load(generic).text, "a[0]: 1\na[1]: y\nb.c: x")
    }

    func testCSVFormAndRowsWithQuoting() throws {
        let form = try write(
            "form.csv", Data("field,value\nAmount,\"USD 40,500\"\nNote,\"said \"\"yes\"\"\nthen left\"\n".utf8))
        XCTAssertEqual(try DocumentText.load(form).text, "Amount: USD 40,500\nNote: said \"yes\"\nthen left")
        let rows = try write("rows.csv", Data("name,income\r\nAna,52000\r\nBo,61000\r\n".utf8))
        XCTAssertEqual(try DocumentText.load(rows).text, "name: Ana\nincome: 52000\n\nname: Bo\nincome: 61000")
    }

    func testBadDocumentsGiveOneClearError() throws {
        expect(directory.appendingPathComponent("missing.txt")) {
            if case .unreadableDocument = $0 { true } else { false }
        }
        expect(try write("bin.txt", Data([0x41, 0, 0x42]))) { if case .notText = $0 { true } else { false } }
        expect(try write("latin1.txt", Data([0x63, 0x61, 0x66, 0xE9]))) {
            if case .notText = $0 { true } else { false }
        }
        expect(try write("empty.txt", Data(" \n\t".utf8))) { if case .emptyDocument = $0 { true } else { false } }
        expect(try write("bad.json", Data("{\"text\": ".utf8))) {
            if case .malformedDocument = $0 { true } else { false }
        }
        expect(try write("bad.csv", Data("a,b\n\"open".utf8))) {
            if case .malformedDocument = $0 { true } else { false }
        }
        expect(try write("doc.pdf", Data("%PDF".utf8))) {
            if case .unsupportedDocument(_, "pdf") = $0 { true } else { false }
        }
        expect(directory) { if case .unreadableDocument = $0 { true } else { false } }
    }
}
