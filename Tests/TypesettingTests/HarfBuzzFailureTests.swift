import CHarfBuzz
import Foundation
import XCTest

@testable import Typesetting

/// HarfBuzz results the code used to trust: font extents and buffer allocation.
final class HarfBuzzFailureTests: XCTestCase {
    /// A font whose hhea ascender and descender are zero and whose OS/2 table is hidden (its tag renamed) has no
    /// vertical metrics: it used to load with a zero line height; now it is a corrupt font naming the file.
    func testFontWithoutVerticalMetricsIsRejected() throws {
        let folder = try TestSupport.temporaryFolder(self)
        var font = [UInt8](
            try Data(contentsOf: TestSupport.repositoryRoot.appendingPathComponent("Fonts/NotoSans-Regular.ttf")))
        func u16(_ at: Int) -> Int { Int(font[at]) << 8 | Int(font[at + 1]) }
        func u32(_ at: Int) -> Int { u16(at) << 16 | u16(at + 2) }
        var patched = Set<String>()
        for record in 0..<u16(4) {
            let at = 12 + 16 * record
            let tag = String(decoding: font[at..<at + 4], as: UTF8.self)
            if tag == "hhea" {
                let table = u32(at + 8)
                for field in [4, 6, 8] { (font[table + field], font[table + field + 1]) = (0, 0) }  // asc, desc, gap
                patched.insert(tag)
            } else if tag == "OS/2" {
                font[at + 3] = UInt8(ascii: "3")  // "OS/3": a table nobody reads
                patched.insert(tag)
            }
        }
        XCTAssertEqual(patched, ["hhea", "OS/2"])
        let path = folder.appendingPathComponent("flat.ttf").path
        try Data(font).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try FontFace(path: path)) { error in
            guard case .fontFileCorrupt(let file, let reason) = error as? TypesettingError else {
                return XCTFail("unexpected error \(error)")
            }
            XCTAssertEqual(file, path)
            XCTAssertTrue(reason.contains("vertical metrics"), reason)
        }
    }

    /// The shipped fonts all have metrics (a guard against the check above rejecting good fonts).
    func testShippedFontsHaveLineHeight() throws {
        let fonts = try TestSupport.fonts(fallback: false)
        for role in FontRole.allCases {
            let face = fonts.face(for: role)
            XCTAssertGreaterThan(face.ascender + face.descender, 0.5, role.fileName)
        }
    }

    /// A buffer whose allocations fail (HarfBuzz's inert empty buffer, what `hb_buffer_create` returns when out of
    /// memory) no longer yields empty runs: the text is set as nominal glyphs with their plain advances.
    func testFailedBufferAllocationFallsBackToNominalGlyphs() throws {
        let fonts = try TestSupport.fonts(fallback: false)
        let text = "Loan refused: income 4 200 €, naïve"
        let normal = TextShaper(fonts: fonts).shape(text, style: .body)
        let failing = TextShaper(fonts: fonts, buffer: hb_buffer_get_empty()).shape(text, style: .body)
        XCTAssertFalse(failing.isEmpty)
        let glyphs = failing.flatMap(\.glyphs)
        XCTAssertEqual(glyphs.count, text.unicodeScalars.count)
        XCTAssertFalse(glyphs.contains { $0.id == 0 }, "every character has a glyph in Noto Sans")
        XCTAssertEqual(failing.map(\.text).joined(), text)
        for run in failing {
            XCTAssertEqual(run.clusters.reduce(0) { $0 + $1.bytes }, run.text.utf8.count)
            XCTAssertEqual(run.clusters.reduce(0) { $0 + $1.glyphs }, run.glyphs.count)
        }
        let width = failing.reduce(0) { $0 + $1.width }
        let shapedWidth = normal.reduce(0) { $0 + $1.width }
        XCTAssertEqual(width, shapedWidth, accuracy: shapedWidth * 0.05, "unshaped width far from the shaped one")
    }
}
