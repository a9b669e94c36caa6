import Foundation
import XCTest

@testable import Typesetting

/// Line breaking, paragraph layout, highlights and pagination rules.
final class LayoutTests: XCTestCase {
    private func words(_ text: String) -> [String] {
        let characters = Array(text)
        return LineBreaker.segments(of: characters).map { String(characters[$0.word]) }
    }

    func testBreakOpportunities() {
        XCTAssertEqual(words("a quick  fox"), ["a", "quick", "fox"])
        XCTAssertEqual(words("well-known fact"), ["well-", "known", "fact"])
        XCTAssertEqual(words("pages 1-2"), ["pages", "1-2"], "no break between a hyphen and a digit")
        XCTAssertEqual(words("(see above), then"), ["(see", "above),", "then"])
        XCTAssertEqual(words("10\u{00A0}kg"), ["10\u{00A0}kg"], "no-break space must glue")
        XCTAssertEqual(words("退款。好"), ["退", "款。", "好"], "ideographs break around, not before closing marks")
        XCTAssertEqual(words("https://x.org/a/b"), ["https://", "x.org/", "a/", "b"])
        XCTAssertEqual(words("Việt Nam"), ["Việt", "Nam"], "combining marks stay with their base")
        let characters = Array("one\ntwo")
        let segments = LineBreaker.segments(of: characters)
        XCTAssertEqual(segments.count, 2)
        XCTAssertTrue(segments[0].mandatoryBreak)
    }

    func testJustifiedLinesFillTheWidthExceptTheLast() throws {
        let shaper = TextShaper(fonts: try TestSupport.fonts())
        let layout = ParagraphLayout(spans: [TextSpan(SamplePages.filler(1))], width: 300, alignment: .justified)
        let lines = layout.lines(using: shaper)
        XCTAssertGreaterThan(lines.count, 3)
        for (index, line) in lines.enumerated() {
            let right = (line.items.last.map { $0.x + $0.width }) ?? 0
            XCTAssertLessThanOrEqual(right, 300.01, "line \(index) overflows: \(right) pt")
            if index < lines.count - 1 {
                XCTAssertEqual(right, 300, accuracy: 0.01, "justified line \(index) ends at \(right) pt")
            } else {
                XCTAssertLessThan(right, 299, "last line should stay ragged")
            }
        }
        let ragged = ParagraphLayout(spans: [TextSpan(SamplePages.filler(1))], width: 300, alignment: .leading)
            .lines(using: shaper)
        XCTAssertEqual(ragged.count, lines.count, "alignment must not change the line breaks")
    }

    func testHighlightBoxesFollowLineBreaks() throws {
        let shaper = TextShaper(fonts: try TestSupport.fonts())
        let mark = Color(hex: 0xFDAE6B)
        let spans = [
            TextSpan("Plain words before the phrase that "),
            TextSpan("is highlighted across a line break", style: TextStyle(background: mark)),
            TextSpan(" and plain words after it."),
        ]
        let lines = ParagraphLayout(spans: spans, width: 200, alignment: .leading).lines(using: shaper)
        let linesWithHighlight = lines.filter { line in line.items.contains { $0.run.style.background == mark } }
        XCTAssertGreaterThanOrEqual(linesWithHighlight.count, 2, "the phrase should wrap in 200 pt")
        let highlightedText = lines.flatMap(\.items).filter { $0.run.style.background == mark && !$0.isSpace }
            .map(\.run.text).joined(separator: " ")
        XCTAssertEqual(highlightedText, "is highlighted across a line break")
    }

    func testVeryLongTokenIsCutQuicklyIntoFullLines() throws {
        let shaper = TextShaper(fonts: try TestSupport.fonts())
        let token = String(repeating: "0123456789abcdef", count: 1_000)
        let start = Date()
        let lines = ParagraphLayout(spans: [TextSpan("blob: " + token)], width: 250, alignment: .justified)
            .lines(using: shaper)
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertLessThan(elapsed, 5, "16 000-character token took \(elapsed) s")
        let text = lines.flatMap(\.items).filter { !$0.isSpace }.map(\.run.text).joined()
        XCTAssertEqual(text, "blob:" + token, "characters lost or reordered")
        for (index, line) in lines.enumerated() {
            let right = line.items.last.map { $0.x + $0.width } ?? 0
            XCTAssertLessThanOrEqual(right, 250.01, "line \(index) of the token overflows: \(right) pt")
        }
        XCTAssertGreaterThan(lines.count, 100)
    }

    private func fragments(_ heights: [Double], keep: [Bool]) -> [Fragment] {
        zip(heights, keep).map { Fragment(height: $0, keepWithNext: $1) { _, _, _ in } }
    }

    func testParagraphsAvoidWidowsAndOrphans() throws {
        let shaper = TextShaper(fonts: try TestSupport.fonts())
        let builder = DocumentBuilder(fonts: try TestSupport.fonts())
        let lines = ParagraphLayout(spans: [TextSpan(SamplePages.filler(2))], width: 200, alignment: .justified)
            .lines(using: shaper)
        XCTAssertGreaterThanOrEqual(lines.count, 6)
        let lineHeight = lines[0].height
        for linesThatFit in 1..<lines.count {
            let filler = Fragment(height: 100 - Double(linesThatFit) * lineHeight) { _, _, _ in }
            let paragraph = builder.paragraphFragments(lines, spaceBefore: 0)
            let pages = Paginator.paginate([filler] + paragraph, pageHeight: 100.001)
            let firstPageLines = pages[0].count - 1
            let secondPageLines = pages.count > 1 ? pages[1].count : 0
            XCTAssertNotEqual(firstPageLines, 1, "orphan: one line left at the foot (room for \(linesThatFit))")
            if pages.count > 1, firstPageLines > 0 {
                XCTAssertGreaterThanOrEqual(secondPageLines, 2, "widow with room for \(linesThatFit) lines")
            }
            XCTAssertLessThanOrEqual(firstPageLines, linesThatFit)
        }
    }

    func testHeadingStaysWithWhatFollowsAndPageBreaksAreHonoured() {
        let heading = Fragment(height: 20, spaceBefore: 10, keepWithNext: true) { _, _, _ in }
        let body = fragments([70, 20, 20], keep: [false, false, false])
        let pages = Paginator.paginate([body[0], heading, body[1], body[2]], pageHeight: 100)
        XCTAssertEqual(pages.count, 2)
        XCTAssertEqual(pages[0].count, 1, "the heading would end page 1 alone; it must move down")
        XCTAssertTrue(pages[1][0].fragment === heading)
        XCTAssertEqual(pages[1][0].y, 0, "space before is dropped at the top of a page")
        let broken = Paginator.paginate([body[1], .pageBreak(), body[2]], pageHeight: 100)
        XCTAssertEqual(broken.count, 2)
        let overlong = Paginator.paginate(fragments([150, 10], keep: [true, false]), pageHeight: 100)
        XCTAssertEqual(overlong.count, 2, "content taller than a page still advances")
    }

    func testTableHeaderRepeatsOnContinuationPages() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let document = DocumentBuilder(
            configuration: DocumentConfiguration(footerFormat: ""), fonts: try TestSupport.fonts())
        document.table(
            Table(
                columns: [Table.Column("Token", monospaced: true), Table.Column("Score", alignment: .trailing)],
                rows: (0..<90).map { ["token\($0)", String(format: "%.2f", Double($0) / 90)] }))
        let pdf = try TestSupport.write(document, name: "table.pdf", in: folder)
        let pageOne = try TestSupport.text(of: pdf, firstPage: 1, lastPage: 1)
        let pageTwo = try TestSupport.text(of: pdf, firstPage: 2, lastPage: 2)
        XCTAssertTrue(pageOne.hasPrefix("Token Score"), "header on page 1: \(pageOne.prefix(40))")
        XCTAssertTrue(pageTwo.hasPrefix("Token Score"), "header repeated on page 2: \(pageTwo.prefix(40))")
        let lastPage = try TestSupport.text(of: pdf, firstPage: 3, lastPage: 3)
        XCTAssertTrue((pageTwo + lastPage).contains("token89 0.99"), "last row missing")
    }
}
