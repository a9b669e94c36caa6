import Foundation
import XCTest

@testable import Typesetting

/// Scripts beyond the shipped fonts: every character is drawn from a fallback font or as a placeholder.
final class ScriptCoverageTests: XCTestCase {
    func testEveryCharacterIsDrawnSomehow() throws {
        let samples = [
            "हिन्दी पाठ", "ภาษาไทย", "한국어 텍스트", "Emoji 👍🏽 and 👨‍👩‍👧", "Math ∑ ∫ √ ≤ ≥", "Runic ᚠᚢᚦ",
            "Private \u{E000} use", "Linear B 𐀀𐀁",
        ]
        let shaper = TextShaper(fonts: try TestSupport.fonts())
        for sample in samples {
            let runs = shaper.shape(sample, style: .body)
            let covered = runs.map(\.text).joined()
            XCTAssertEqual(covered, sample, "text lost while shaping '\(sample)'")
            for run in runs {
                XCTAssertFalse(run.glyphs.isEmpty, "nothing drawn for '\(run.text)' in '\(sample)'")
                XCTAssertFalse(
                    !run.isPlaceholder && run.glyphs.contains { $0.id == 0 },
                    "'\(run.text)' drawn with .notdef boxes in \(run.face.familyName)")
            }
        }
        let document = DocumentBuilder(fonts: try TestSupport.fonts())
        for sample in samples { document.paragraph(sample) }
        let folder = try TestSupport.temporaryFolder(self)
        let pdf = try TestSupport.write(document, name: "scripts.pdf", in: folder)
        let check = try TestSupport.run("qpdf", ["--check", pdf.path])
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
    }
}
