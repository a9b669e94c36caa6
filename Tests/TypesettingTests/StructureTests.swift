import Foundation
import XCTest

@testable import Typesetting

/// Tagged PDF: structure tree, alternative text, artifacts, language and catalog entries.
final class StructureTests: XCTestCase {
    /// The sample document plus a level-3 heading, a figure with explicit alternative text and an attachment.
    private func sample(language: String = "en") throws -> URL {
        let folder = try TestSupport.temporaryFolder(self)
        let document = try SamplePages.document(fonts: TestSupport.fonts(), language: language)
        document.heading("Minor heading", level: 3)
        document.colorLegend(
            ColorLegend(scale: .sequential, domain: 0...1, title: "Explicit"),
            alternativeText: "Legend: white is no attention, dark blue is full attention.")
        document.attach(StructureTests.attachment)
        return try TestSupport.write(document, name: "tagged-\(language).pdf", in: folder)
    }

    static let attachment = PDFAttachment(
        name: "record.json", data: Data(#"{"label":"refund","p":0.93}"#.utf8), mimeType: "application/json",
        description: "Decision record")

    func testPdfinfoReportsTaggedAndTheCatalogHasTheLanguage() throws {
        let pdf = try sample(language: "de-CH")
        let info = try TestSupport.run("pdfinfo", [pdf.path]).stdout
        XCTAssertTrue(info.contains("Tagged:          yes"), info)
        let tree = try StructureTree(pdf: pdf)
        XCTAssertEqual(tree.catalog["/Lang"] as? String, "u:de-CH")
        XCTAssertEqual((tree.catalog["/MarkInfo"] as? [String: Any])?["/Marked"] as? Bool, true)
        XCTAssertEqual((tree.catalog["/ViewerPreferences"] as? [String: Any])?["/DisplayDocTitle"] as? Bool, true)
        XCTAssertEqual(tree.catalog["/PageMode"] as? String, "/UseOutlines")
        XCTAssertNotNil(tree.catalog["/Outlines"], "Cairo's outline entry was lost while merging the catalog")
        let bytes = try Data(contentsOf: pdf)
        XCTAssertNotNil(bytes.range(of: Data("/Lang (de-CH)".utf8)), "the catalog's /Lang is not a literal string")
    }

    func testXMPMetadataMirrorsTheInformationDictionary() throws {
        let pdf = try sample()
        let xmp = try TestSupport.run("pdfinfo", ["-meta", pdf.path]).stdout
        for expected in [
            "<rdf:li xml:lang=\"x-default\">Sample dossier</rdf:li>", "<rdf:li>en</rdf:li>",
            "<pdf:Producer>cairo 1.16", "<xmp:CreateDate>1970-01-01T00:00:00Z</xmp:CreateDate>",
            "<xmp:CreatorTool>TypesettingTests</xmp:CreatorTool>",
        ] {
            XCTAssertTrue(xmp.contains(expected), "\(expected) missing from XMP:\n\(xmp)")
        }
    }

    func testStructureTreeHasHeadingsParagraphsTablesAndFigures() throws {
        let tree = try StructureTree(pdf: try sample())
        let types = tree.types
        XCTAssertEqual(types.first, "Document")
        for type in ["H1", "H2", "H3", "P", "Table", "Caption", "TR", "TH", "TD", "Figure", "TOC", "TOCI"] {
            XCTAssertTrue(types.contains(type), "no \(type) element in \(Set(types).sorted())")
        }
        XCTAssertEqual(types.filter { $0 == "H1" }.count, 5, "Contents and four sections")
        XCTAssertEqual(types.filter { $0 == "TOCI" }.count, 5, "one item per contents line")
        // Each contents line's link annotation is a Link element (object reference) inside its TOCI.
        XCTAssertEqual(types.filter { $0 == "Link" }.count, 5)
        for link in tree.elements where link.type == "Link" {
            let reference = link.dictionary["/K"] as? [String: Any]
            XCTAssertEqual(reference?["/Type"] as? String, "/OBJR")
            let annotation = tree.resolve(reference?["/Obj"]) as? [String: Any]
            XCTAssertEqual(annotation?["/Subtype"] as? String, "/Link")
            XCTAssertNotNil(annotation?["/StructParent"], "annotation without /StructParent")
            let parent = tree.resolve(link.dictionary["/P"]) as? [String: Any]
            XCTAssertEqual(parent?["/S"] as? String, "/TOCI")
        }
        // The table: one header row (its copy on the next page is furniture) and 30 body rows of 4 cells.
        XCTAssertEqual(types.filter { $0 == "TR" }.count, 31)
        XCTAssertEqual(types.filter { $0 == "TH" }.count, 4)
        XCTAssertEqual(types.filter { $0 == "TD" }.count, 120)
        XCTAssertFalse(types.contains("Private"), "page furniture left in the structure tree")
        XCTAssertTrue(
            tree.elements.contains { $0.type == "P" && $0.spansPages },
            "no paragraph continues across a page break as one element")
    }

    func testFiguresCarryAlternativeText() throws {
        let tree = try StructureTree(pdf: try sample())
        let alternatives = tree.elements.filter { $0.type == "Figure" }.map { $0.dictionary["/Alt"] as? String }
        XCTAssertEqual(alternatives.count, 7, "2 legends, bar chart, line chart, heatmap, grid, explicit legend")
        XCTAssertEqual(
            alternatives.first, "u:Colour legend: Attribution, Oranges scale from 0.00 to 1.00",
            "a generic description from the legend")
        XCTAssertTrue(
            alternatives.contains("u:Bar chart: Mean attention entropy per layer (6 bars: L0, L1, L2, L3, L4, L5)"))
        XCTAssertTrue(alternatives.contains { $0?.hasPrefix("u:Heatmap: Layer 5, head 3 (24 × 24;") == true })
        XCTAssertEqual(alternatives.last, "u:Legend: white is no attention, dark blue is full attention.")
    }

    func testQpdfIsCleanWithTagsLinksAndAttachmentsTogether() throws {
        let pdf = try sample()
        let check = try TestSupport.run("qpdf", ["--check", pdf.path])
        XCTAssertEqual(check.status, 0, "qpdf --check:\n\(check.stdout)\n\(check.stderr)")
        XCTAssertTrue(check.stdout.contains("No syntax or stream encoding errors"), check.stdout)
        XCTAssertTrue(check.stderr.isEmpty, "qpdf warnings: \(check.stderr)")
        let objects = try TestSupport.run("qpdf", ["--qdf", "--object-streams=disable", pdf.path, "-"]).stdout
        XCTAssertEqual(objects.components(separatedBy: "/Subtype /Link").count - 1, 5, "links survive")
        XCTAssertTrue(objects.contains("/EmbeddedFiles"))
    }

    func testTextLayerIsUnchangedByTagging() throws {
        let pdf = try sample()
        let page1 = try TestSupport.text(of: pdf, firstPage: 1, lastPage: 1)
        XCTAssertTrue(page1.contains("Contents"), page1)
        let all = TestSupport.words(try TestSupport.text(of: pdf))
        for index in 0..<14 {
            let words = TestSupport.words(SamplePages.filler(index))
            let start = words.prefix(40)
            XCTAssertTrue(all.contains(start), "paragraph \(index) does not read in order")
        }
    }

    func testRerenderWithTagsAndAttachmentsIsByteIdentical() throws {
        func render() throws -> Data {
            let document = try SamplePages.document(fonts: TestSupport.fonts())
            document.attach(StructureTests.attachment)
            document.heatmap(
                try Heatmap(values: [0, 1, 1, 0], rows: 2, columns: 2, title: "tiny"), alternativeText: "Ü ∂ alt")
            return try document.render()
        }
        let first = try render()
        let second = try render()
        let difference = zip(first, second).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        XCTAssertNil(difference, "renders differ first at byte \(difference ?? -1)")
        XCTAssertEqual(first, second)
    }

    func testInvalidLanguageIsRejected() throws {
        let document = DocumentBuilder(
            configuration: DocumentConfiguration(language: "en us"), fonts: try TestSupport.fonts())
        document.paragraph("x")
        XCTAssertThrowsError(try document.render()) { error in
            guard case TypesettingError.invalidValue(let what, _) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(what.contains("en us"), what)
        }
    }

    func testEmptyDocumentsAndLongTablesStayValidAndTagged() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let empty = DocumentBuilder(
            configuration: DocumentConfiguration(footerFormat: ""), fonts: try TestSupport.fonts())
        let table = DocumentBuilder(fonts: try TestSupport.fonts())
        table.table(
            Table(
                columns: [Table.Column("Token"), Table.Column("Score")], rows: (0..<120).map { ["t\($0)", "\($0)"] }))
        table.pageBreak()
        table.paragraph("After the table.")
        for (name, document) in [("empty.pdf", empty), ("table.pdf", table)] {
            let pdf = try TestSupport.write(document, name: name, in: folder)
            let check = try TestSupport.run("qpdf", ["--check", pdf.path])
            XCTAssertEqual(check.status, 0, "\(name): \(check.stdout) \(check.stderr)")
            XCTAssertTrue(check.stderr.isEmpty, "\(name): \(check.stderr)")
            let tree = try StructureTree(pdf: pdf)
            XCTAssertFalse(tree.types.contains("Private") || tree.types.contains("NonStruct"), "\(name): \(tree.types)")
            if name == "table.pdf" {
                XCTAssertEqual(tree.types.filter { $0 == "Table" }.count, 1, "one table across its pages")
                XCTAssertEqual(tree.types.filter { $0 == "TR" }.count, 121, "header row once, 120 body rows")
                XCTAssertEqual(tree.types.filter { $0 == "TH" }.count, 2)
            }
        }
    }
}
