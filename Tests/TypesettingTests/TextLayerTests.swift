import Foundation
import XCTest

@testable import Typesetting

/// The PDF text layer must be the source text: `pdftotext` returns exactly the words written.
final class TextLayerTests: XCTestCase {
    private func render(_ paragraphs: [String], fonts: FontLibrary, width: Double? = nil) throws -> URL {
        let folder = try TestSupport.temporaryFolder(self)
        var configuration = DocumentConfiguration(footerFormat: "")
        if let width { configuration.margins.right = configuration.pageSize.width - configuration.margins.left - width }
        let document = DocumentBuilder(configuration: configuration, fonts: fonts)
        for paragraph in paragraphs { document.paragraph(paragraph, alignment: .justified) }
        return try TestSupport.write(document, name: "text-\(name.filter(\.isLetter)).pdf", in: folder)
    }

    func testLigaturesAccentsAndScriptsRoundTrip() throws {
        let paragraphs = [
            SamplePages.ligatures, SamplePages.accents, SamplePages.vietnamese, SamplePages.greek,
            SamplePages.cyrillic,
        ]
        let pdf = try render(paragraphs, fonts: TestSupport.fonts())
        let extracted = TestSupport.words(try TestSupport.text(of: pdf))
        let expected = TestSupport.words(paragraphs.joined(separator: " "))
        // Compare in NFC: poppler may return precomposed or decomposed accents depending on the font's cmap.
        XCTAssertEqual(
            extracted.precomposedStringWithCanonicalMapping, expected.precomposedStringWithCanonicalMapping,
            "pdftotext text of \(pdf.lastPathComponent) differs from the source")
        let ligatureGlyphs = extracted.unicodeScalars.filter { (0xFB00...0xFB06).contains($0.value) }
        XCTAssertTrue(ligatureGlyphs.isEmpty, "ligature code points leaked into the text layer: \(ligatureGlyphs)")
    }

    func testLigaturesAreShapedAsSingleGlyphs() throws {
        let shaper = TextShaper(fonts: try TestSupport.fonts())
        let runs = shaper.shape("office", style: .body)
        XCTAssertEqual(runs.count, 1)
        // Noto Serif has an "ffi" ligature: six letters, fewer glyphs, one cluster holding three bytes.
        XCTAssertLessThan(runs[0].glyphs.count, 6, "no ligature in 'office' (glyphs: \(runs[0].glyphs.count))")
        XCTAssertTrue(runs[0].clusters.contains { $0.bytes == 3 && $0.glyphs == 1 }, "clusters: \(runs[0].clusters)")
        XCTAssertEqual(runs[0].clusters.reduce(0) { $0 + $1.bytes }, "office".utf8.count)
    }

    func testCJKUsesSystemFallbackOrVisiblePlaceholder() throws {
        let fonts = try TestSupport.fonts()
        let pdf = try render([SamplePages.cjk], fonts: fonts)
        let extracted = try TestSupport.text(of: pdf).filter { !$0.isWhitespace }
        XCTAssertEqual(extracted, SamplePages.cjk, "CJK text layer of \(pdf.lastPathComponent)")
        let shaper = TextShaper(fonts: fonts)
        let runs = shaper.shape("退款", style: .body)
        if let face = fonts.face(for: "退", role: .body) {
            XCTAssertFalse(runs.contains { $0.isPlaceholder }, "a fallback font (\(face.familyName)) exists")
            let fontList = try TestSupport.run("pdffonts", [pdf.path]).stdout
            XCTAssertTrue(fontList.contains("CJK"), "no CJK font embedded:\n\(fontList)")
        } else {
            // No CJK font installed (fonts-noto-cjk missing): the placeholder must still be drawn.
            XCTAssertTrue(runs.allSatisfy { $0.isPlaceholder && !$0.glyphs.isEmpty })
        }
    }

    func testSymbolsTheTextFacesLackComeFromTheShippedSymbolFaceBeforeAnyInstalledFont() throws {
        // The dossier templates use these; Noto Sans and Noto Serif have none of them.
        let symbols: [Character] = ["⊙", "☐", "←", "→", "∂", "≤", "≥"]
        for fallback in [true, false] {
            let fonts = try TestSupport.fonts(fallback: fallback)
            let symbolFace = fonts.face(for: .symbols)
            for symbol in symbols {
                for role in [FontRole.body, .bodyBold, .sans, .heading] {
                    XCTAssertFalse(fonts.face(for: role).covers(symbol), "\(role) now covers \(symbol)")
                    XCTAssertTrue(
                        fonts.face(for: symbol, role: role) === symbolFace,
                        "\(symbol) in \(role) (system fallback \(fallback)) is not set in the shipped symbol face")
                }
            }
            let runs = TextShaper(fonts: fonts).shape("p ≥ 0.5 → ☐", style: .body)
            XCTAssertFalse(runs.contains { $0.isPlaceholder }, "placeholder among \(runs.map(\.text))")
        }
    }

    func testUncoveredCharactersBecomeVisiblePlaceholdersKeepingTheirText() throws {
        let fonts = try TestSupport.fonts(fallback: false)
        let shaper = TextShaper(fonts: fonts)
        let runs = shaper.shape("a退b", style: .body)
        XCTAssertEqual(runs.count, 3)
        XCTAssertTrue(runs[1].isPlaceholder)
        XCTAssertEqual(runs[1].text, "退")
        XCTAssertEqual(runs[1].glyphs.count, "[U+9000]".count, "placeholder should draw [U+9000]")
        XCTAssertGreaterThan(runs[1].width, 0)
        let pdf = try render(["Refund 退款 requested."], fonts: fonts)
        let extracted = TestSupport.words(try TestSupport.text(of: pdf))
        // The placeholder's glyphs form one cluster mapped to the original characters, so the text survives.
        XCTAssertEqual(extracted, "Refund 退款 requested.", "text layer under the placeholders")
    }

    func testRightToLeftRunsAreShapedRightToLeft() throws {
        let fonts = try TestSupport.fonts()
        let shaper = TextShaper(fonts: fonts)
        let runs = shaper.shape(SamplePages.hebrew, style: .body)
        guard let face = fonts.face(for: "ש", role: .body) else {
            throw XCTSkip("no Hebrew font installed (fonts-noto-core provides Noto Sans Hebrew)")
        }
        XCTAssertTrue(runs.allSatisfy(\.isRightToLeft), "Hebrew run shaped left to right")
        // The first glyph drawn (leftmost) is the last letter of the first word in logical order: final mem.
        XCTAssertTrue(face.hasGlyph("ם"))
        XCTAssertEqual(runs.first?.glyphs.first?.id, glyphID(face, "ם"), "visual order of \(SamplePages.hebrew)")
        let pdf = try render(
            ["Right to left: " + SamplePages.hebrew + " and " + SamplePages.arabic + "."], fonts: fonts)
        let result = try TestSupport.run("pdftotext", ["-enc", "UTF-8", pdf.path, "-"])
        let text = result.stdout.unicodeScalars.filter { !(0x202A...0x202E).contains($0.value) }
        let plain = String(String.UnicodeScalarView(text))
        XCTAssertTrue(plain.contains(SamplePages.hebrew), "Hebrew words out of order: \(plain)")
        XCTAssertTrue(plain.contains(SamplePages.arabic), "Arabic words out of order: \(plain)")
    }

    private func glyphID(_ face: FontFace, _ scalar: Unicode.Scalar) -> UInt32? {
        face.glyphIndex(for: scalar)
    }

    func testControlCharactersAreShownAsReplacementCharacters() throws {
        let pdf = try render(["bell\u{07}here and null\u{00}there"], fonts: TestSupport.fonts())
        let extracted = TestSupport.words(try TestSupport.text(of: pdf))
        XCTAssertTrue(
            extracted.contains("bell\u{FFFD}here"), "control character not shown: \(extracted.debugDescription)")
        XCTAssertTrue(extracted.contains("null\u{FFFD}there"), extracted.debugDescription)
    }

    func testOverlongTokenWrapsWithoutHyphens() throws {
        let text = "Account " + SamplePages.url + " closed."
        let pdf = try render([text], fonts: TestSupport.fonts(), width: 200)
        let raw = try TestSupport.text(of: pdf)
        let lines = raw.split(separator: "\n").filter { !$0.isEmpty }
        XCTAssertGreaterThan(lines.count, 2, "a 120-character URL in 200 pt should take several lines")
        XCTAssertTrue(raw.filter { !$0.isWhitespace }.contains(SamplePages.url), "URL damaged: \(raw)")
        XCTAssertEqual(raw.filter { $0 == "-" }.count, text.filter { $0 == "-" }.count, "hyphens inserted: \(raw)")
    }
}
