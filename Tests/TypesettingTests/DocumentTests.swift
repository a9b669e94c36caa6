import Foundation
import XCTest

@testable import Typesetting

/// Whole documents checked with poppler and qpdf: validity, fonts, metadata, outline, links, determinism.
final class DocumentTests: XCTestCase {
    private func sample(_ pageSize: PageSize = .a4, name: String = "sample.pdf") throws -> URL {
        let folder = try TestSupport.temporaryFolder(self)
        return try TestSupport.write(
            try SamplePages.document(fonts: TestSupport.fonts(), pageSize: pageSize), name: name, in: folder)
    }

    func testQpdfFindsNoErrors() throws {
        let pdf = try sample()
        let check = try TestSupport.run("qpdf", ["--check", pdf.path])
        XCTAssertEqual(check.status, 0, "qpdf --check \(pdf.lastPathComponent):\n\(check.stdout)\n\(check.stderr)")
        XCTAssertTrue(check.stdout.contains("No syntax or stream encoding errors"), check.stdout)
        XCTAssertTrue(check.stderr.isEmpty, "qpdf warnings: \(check.stderr)")
    }

    func testEveryFontIsEmbedded() throws {
        let pdf = try sample()
        let result = try TestSupport.run("pdffonts", [pdf.path])
        let rows = result.stdout.split(separator: "\n").dropFirst(2)
        XCTAssertGreaterThanOrEqual(
            rows.count, 5, "expected body, bold, sans, heading and mono fonts:\n\(result.stdout)")
        for row in rows {
            // Columns: name type encoding emb sub uni object ID; "emb" is the fourth field from the end + 3.
            let fields = row.split(separator: " ")
            XCTAssertGreaterThanOrEqual(fields.count, 7, "unparsable pdffonts row: \(row)")
            XCTAssertEqual(fields[fields.count - 5], "yes", "font not embedded: \(row)")
        }
        for family in ["NotoSerif-Regular", "NotoSerif-Bold", "NotoSans-Regular", "NotoSans-Bold", "DejaVuSansMono"] {
            XCTAssertTrue(result.stdout.contains(family), "\(family) missing from\n\(result.stdout)")
        }
    }

    func testMetadataPageCountAndPaperSize() throws {
        for (size, label) in [(PageSize.a4, "595.276 x 841.89"), (PageSize.usLetter, "612 x 792")] {
            let pdf = try sample(size, name: "sample-\(size.width).pdf")
            let info = try TestSupport.run("pdfinfo", [pdf.path]).stdout
            XCTAssertTrue(info.contains("Title:           Sample dossier"), info)
            XCTAssertTrue(info.contains("Subject:         Typesetting test"), info)
            XCTAssertTrue(info.contains("Author:          Typesetting tests"), info)
            XCTAssertTrue(info.contains("Keywords:        attention, attribution"), info)
            XCTAssertTrue(info.contains("Creator:         TypesettingTests"), info)
            XCTAssertTrue(info.contains("Page size:       \(label)"), "paper size \(label) expected:\n\(info)")
            let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap {
                Int($0.split(separator: " ").last ?? "")
            }
            let text = try TestSupport.text(of: pdf)
            guard let pages else { return XCTFail("no page count in pdfinfo:\n\(info)") }
            XCTAssertGreaterThan(pages, 3)
            for page in 1...pages {
                let pageText = try TestSupport.text(of: pdf, firstPage: page, lastPage: page)
                XCTAssertTrue(pageText.contains("Page \(page) of \(pages)"), "footer of page \(page) of \(label)")
                XCTAssertTrue(pageText.contains("Sample dossier — refund classifier"), "header on page \(page)")
                if page == pages {
                    XCTAssertTrue(pageText.contains("Long text"), "running section title on the last page")
                }
            }
            XCTAssertFalse(text.contains("Page \(pages + 1) of"))
        }
    }

    func testTableOfContentsPageNumbersMatchTheHeadings() throws {
        let pdf = try sample()
        let contents = try TestSupport.text(of: pdf, firstPage: 1, lastPage: 1)
        let headings = ["Text in many scripts", "Attributions", "Per-layer statistics", "Attention", "Long text"]
        for heading in headings {
            let line = contents.split(separator: "\n").first { $0.hasPrefix(heading + " ") }
            guard let line, let page = Int(line.split(separator: " ").last ?? "") else {
                XCTFail("no contents line for '\(heading)' in:\n\(contents)")
                continue
            }
            let pageText = try TestSupport.text(of: pdf, firstPage: page, lastPage: page)
            let occurrences = pageText.components(separatedBy: "\n" + heading + "\n").count - 1
            XCTAssertGreaterThanOrEqual(occurrences, 1, "'\(heading)' listed on page \(page) but not set there")
        }
    }

    func testCreationDateFollowsSourceDateEpoch() throws {
        let metadata = DocumentMetadata(title: "t")
        XCTAssertEqual(metadata.resolvedCreationDate(environment: [:]), Date(timeIntervalSince1970: 0))
        XCTAssertEqual(
            metadata.resolvedCreationDate(environment: ["SOURCE_DATE_EPOCH": "1700000000"]),
            Date(timeIntervalSince1970: 1_700_000_000))
        let explicit = DocumentMetadata(title: "t", creationDate: Date(timeIntervalSince1970: 1_000_000_000))
        XCTAssertEqual(DocumentMetadata.isoString(explicit.resolvedCreationDate()), "2001-09-09T01:46:40Z")
        let folder = try TestSupport.temporaryFolder(self)
        let document = DocumentBuilder(
            configuration: DocumentConfiguration(metadata: explicit), fonts: try TestSupport.fonts())
        document.paragraph("Dated.")
        let pdf = try TestSupport.write(document, name: "dated.pdf", in: folder)
        let info = try TestSupport.run("pdfinfo", ["-isodates", pdf.path]).stdout
        XCTAssertTrue(info.contains("2001-09-09T01:46:40"), "creation date not written:\n\(info)")
    }

    func testRerenderIsByteIdentical() throws {
        let fonts = try TestSupport.fonts()
        let first = try SamplePages.document(fonts: fonts).render()
        let second = try SamplePages.document(fonts: TestSupport.fonts()).render()
        XCTAssertEqual(first.count, second.count, "PDF sizes differ between renders")
        let difference = zip(first, second).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        XCTAssertNil(difference, "renders differ first at byte \(difference ?? -1)")
        XCTAssertEqual(first, second)
    }

    func testOutlineHasEveryHeadingAndTableOfContentsLinks() throws {
        let pdf = try sample()
        let json = try TestSupport.run("qpdf", ["--json", "--json-key=outlines", pdf.path])
        XCTAssertEqual(json.status, 0, json.stderr)
        let root = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let outlines = root?["outlines"] as? [[String: Any]] ?? []
        func titles(_ items: [[String: Any]]) -> [String] {
            items.flatMap { [($0["title"] as? String) ?? ""] + titles($0["kids"] as? [[String: Any]] ?? []) }
        }
        XCTAssertEqual(
            titles(outlines),
            ["Text in many scripts", "Attributions", "Per-layer statistics", "Attention", "Long text"])
        // The level-2 heading is nested under its section.
        XCTAssertEqual((outlines[1]["kids"] as? [[String: Any]])?.count, 1)
        let objects = try TestSupport.run("qpdf", ["--qdf", "--object-streams=disable", pdf.path, "-"]).stdout
        let links = objects.components(separatedBy: "/Subtype /Link").count - 1
        XCTAssertEqual(links, 5, "one link per table-of-contents line")
        let annots = objects.components(separatedBy: "/Annots [").count - 1
        XCTAssertEqual(annots, 1, "links belong to the table-of-contents page only")
        XCTAssertEqual(objects.components(separatedBy: "/XYZ").count - 1, 5 + 5, "5 link and 5 bookmark targets")
        let destinations = outlines.compactMap { $0["destpageposfrom1"] as? Int }
        XCTAssertEqual(destinations.count, 4)
        XCTAssertEqual(destinations, destinations.sorted(), "sections out of page order: \(destinations)")
    }
}
