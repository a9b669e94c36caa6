import Foundation
import XCTest

@testable import Typesetting

/// Bad fonts, bad paths and bad text give typed errors and never a half-written file.
final class BadInputTests: XCTestCase {
    func testMissingFontNamesTheFile() throws {
        let folder = try TestSupport.temporaryFolder(self)
        XCTAssertThrowsError(try FontLibrary(directory: folder)) { error in
            guard case .fontFileUnreadable(let path, _) = error as? TypesettingError else {
                return XCTFail("unexpected error \(error)")
            }
            XCTAssertTrue(path.hasSuffix(FontRole.body.fileName), path)
        }
    }

    func testCorruptFontIsRejected() throws {
        let folder = try TestSupport.temporaryFolder(self)
        for role in FontRole.allCases {
            try FileManager.default.copyItem(
                at: TestSupport.repositoryRoot.appendingPathComponent("Fonts/\(role.fileName)"),
                to: folder.appendingPathComponent(role.fileName))
        }
        let victim = folder.appendingPathComponent(FontRole.mono.fileName)
        try Data("this is not a font, just text pretending to be one".utf8).write(to: victim)
        XCTAssertThrowsError(try FontLibrary(directory: folder)) { error in
            guard case .fontFileCorrupt(let path, _) = error as? TypesettingError else {
                return XCTFail("unexpected error \(error)")
            }
            XCTAssertEqual(path, victim.path)
        }
        // A truncated real font must fail too, not crash later.
        let truncated = try Data(
            contentsOf: TestSupport.repositoryRoot.appendingPathComponent("Fonts/NotoSans-Regular.ttf")
        )
        .prefix(64)
        try truncated.write(to: victim)
        XCTAssertThrowsError(try FontLibrary(directory: folder))
        try Data().write(to: victim)
        XCTAssertThrowsError(try FontLibrary(directory: folder))
    }

    func testUnwritableOutputLeavesNothingBehind() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let document = DocumentBuilder(fonts: try TestSupport.fonts())
        document.paragraph("Hello.")
        let missing = folder.appendingPathComponent("no/such/folder/out.pdf")
        XCTAssertThrowsError(try document.write(to: missing)) { error in
            XCTAssertEqual(
                error as? TypesettingError, .outputUnwritable(path: missing.path, reason: "folder does not exist"))
        }
        let file = folder.appendingPathComponent("plain-file")
        try Data("x".utf8).write(to: file)
        XCTAssertThrowsError(try document.write(to: file.appendingPathComponent("out.pdf")))
        let directory = folder.appendingPathComponent("taken.pdf")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        XCTAssertThrowsError(try document.write(to: directory))
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), ["plain-file", "taken.pdf"])
    }

    func testFailedRenderDoesNotTouchTheDestination() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let url = folder.appendingPathComponent("report.pdf")
        try Data("previous version".utf8).write(to: url)
        let document = DocumentBuilder(fonts: try TestSupport.fonts())
        document.table(
            Table(columns: [Table.Column("a"), Table.Column("b")], rows: [["1", "2"], ["3"]], caption: "T"))
        XCTAssertThrowsError(try document.write(to: url)) { error in
            XCTAssertEqual(
                error as? TypesettingError, .shapeMismatch(what: "table row 2 of 'T'", expected: 2, actual: 1))
        }
        XCTAssertEqual(try Data(contentsOf: url), Data("previous version".utf8))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["report.pdf"])
    }

    func testInvalidUTF8IsReportedWithItsOffset() {
        let bytes = Data([0x61, 0x62, 0xC3, 0x28, 0x63])
        XCTAssertThrowsError(try TextSanitizer.decode(bytes, source: "doc.txt")) { error in
            XCTAssertEqual(error as? TypesettingError, .invalidUTF8(source: "doc.txt", byteOffset: 2))
        }
        XCTAssertEqual(try TextSanitizer.decode(Data("Việt".utf8), source: "ok"), "Việt")
        XCTAssertEqual(TextSanitizer.clean("a\u{01}b\tc\r\nd\u{85}"), "a\u{FFFD}b c\nd\u{FFFD}")
    }

    func testBadConfigurationIsRejected() throws {
        let document = DocumentBuilder(
            configuration: DocumentConfiguration(margins: Margins(all: 290)), fonts: try TestSupport.fonts())
        document.paragraph("x")
        XCTAssertThrowsError(try document.render()) { error in
            XCTAssertTrue("\(error)".contains("margins"), "\(error)")
        }
    }
}
