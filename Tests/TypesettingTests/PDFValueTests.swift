import Foundation
import XCTest

@testable import Typesetting

/// The object reader behind the incremental updates and ``PDFAttachments``.
final class PDFValueTests: XCTestCase {
    func testParsesAndWritesBackCairoStyleObjects() throws {
        let text = """
            << /Type /StructElem /S /P % a comment
               /K [ 4 << /Type /MCR /Pg 16 0 R /MCID 0 >> ] /T (a \\(b\\) \\\\ \\101\\n) /H <FEFF00e9> /N -1.5
               /Flag true /Z null /Name /application#2Fjson >>
            """
        var parser = PDFValueParser(Array(text.utf8))
        let value = try parser.value()
        let dictionary = try XCTUnwrap(value.dictionary)
        XCTAssertEqual(dictionary["S"], .name("P"))
        XCTAssertEqual(dictionary["K"]?.array?.first, .number("4"))
        XCTAssertEqual(dictionary["K"]?.array?.last?.dictionary?["Pg"], .reference(16, 0))
        XCTAssertEqual(dictionary["T"], .string(Array("a (b) \\ A\n".utf8)))
        XCTAssertEqual(dictionary["H"]?.text, "é")
        XCTAssertEqual(dictionary["N"], .number("-1.5"))
        XCTAssertEqual(dictionary["Z"], .null)
        XCTAssertEqual(Array(dictionary.entries.map(\.key)), ["Type", "S", "K", "T", "H", "N", "Flag", "Z", "Name"])
        var again = PDFValueParser(Array(value.serialized.utf8))
        XCTAssertEqual(try again.value(), value, "serialized form does not parse back: \(value.serialized)")
        XCTAssertEqual(PDFValue.text("en").serialized, "(en)")
        XCTAssertEqual(PDFValue.text("a(b)").serialized, "(a\\(b\\))")
        XCTAssertEqual(PDFValue.text("Ü").serialized, "<FEFF00DC>")
        XCTAssertEqual(PDFValue.escapedName("application/json").serialized, "/application#2Fjson")
    }

    func testRejectsMalformedInputWithAReason() {
        for bad in ["<< /A 1", "[1 2", "(open", "<< 1 2 >>", "<zz>", "}"] {
            var parser = PDFValueParser(Array(bad.utf8))
            XCTAssertThrowsError(try parser.value(), bad) { error in
                guard case TypesettingError.unreadablePDF = error else { return XCTFail("\(bad): \(error)") }
            }
        }
    }

    func testAStreamWhoseLengthPointsAtItselfIsAnErrorNotARecursion() throws {
        var pdf = "%PDF-1.5\n"
        let offset = pdf.utf8.count
        pdf += "1 0 obj\n<< /Length 1 0 R >>\nstream\nabc\nendstream\nendobj\n"
        let xref = pdf.utf8.count
        pdf += "xref\n0 2\n0000000000 65535 f \n" + String(format: "%010d 00000 n \n", offset)
        pdf += "trailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        let reader = try PDFObjectReader(Data(pdf.utf8))
        XCTAssertThrowsError(try reader.object(1))
    }
}
