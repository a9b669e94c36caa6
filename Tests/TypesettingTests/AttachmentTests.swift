import Foundation
import XCTest

@testable import Typesetting

/// Embedded files: listed and extracted by poppler's `pdfdetach`, read back by ``PDFAttachments``.
final class AttachmentTests: XCTestCase {
    /// Every byte value, so nothing is lost to text conversions or stream keywords.
    private static let binary = Data((0..<512).map { UInt8($0 % 256) } + Array("\nendstream\nendobj\n".utf8))
    private static let record = Data(#"{"label":"refund request","probability":0.93,"text":"Café ✓"}"#.utf8)

    private func document(attachments: [PDFAttachment]) throws -> DocumentBuilder {
        let document = try SamplePages.document(fonts: TestSupport.fonts())
        for attachment in attachments { document.attach(attachment) }
        return document
    }

    private var attachments: [PDFAttachment] {
        [
            PDFAttachment(
                name: "record.json", data: Self.record, mimeType: "application/json",
                description: "Decision record (JSON)"),
            PDFAttachment(
                name: "matrices – Ü.bin", data: Self.binary, mimeType: "application/octet-stream",
                description: "Raw attention matrices"),
        ]
    }

    func testPdfdetachListsAndSavesTheExactBytes() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let pdf = try TestSupport.write(try document(attachments: attachments), name: "attached.pdf", in: folder)
        let list = try TestSupport.run("pdfdetach", ["-list", "-enc", "UTF-8", pdf.path])
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(list.stdout.contains("2 embedded files"), list.stdout)
        XCTAssertTrue(list.stdout.contains("record.json"), list.stdout)
        XCTAssertTrue(list.stdout.contains("matrices – Ü.bin"), list.stdout)
        // Name-tree order is by key bytes: "record.json" before the UTF-16 key of "matrices – Ü.bin" (FE FF …).
        for (index, expected) in [(1, Self.record), (2, Self.binary)] {
            let saved = folder.appendingPathComponent("saved-\(index)")
            let save = try TestSupport.run("pdfdetach", ["-save", String(index), "-o", saved.path, pdf.path])
            XCTAssertEqual(save.status, 0, save.stderr)
            XCTAssertEqual(try Data(contentsOf: saved), expected, "attachment \(index) differs")
        }
        let objects = try TestSupport.run("qpdf", ["--qdf", "--object-streams=disable", pdf.path, "-"]).stdout
        for expected in [
            "/Type /EmbeddedFile", "/Subtype /application#2fjson", "/Size \(Self.record.count)", "/Type /Filespec",
            "/AFRelationship /Data", "/AF [", "/Desc (Decision record \\(JSON\\))",
        ] {
            XCTAssertTrue(
                objects.lowercased().contains(expected.lowercased()), "\(expected) missing from the PDF objects")
        }
    }

    func testExtractReadsBackEveryAttachment() throws {
        let pdf = try document(attachments: attachments).render()
        let files = try PDFAttachments.extract(from: pdf)
        XCTAssertEqual(files, ["record.json": Self.record, "matrices – Ü.bin": Self.binary])
    }

    func testExtractFromADocumentWithoutAttachmentsIsEmpty() throws {
        let document = DocumentBuilder(fonts: try TestSupport.fonts())
        document.paragraph("No files.")
        XCTAssertEqual(try PDFAttachments.extract(from: document.render()), [:])
    }

    func testExtractRejectsWhatItCannotRead() throws {
        XCTAssertThrowsError(try PDFAttachments.extract(from: Data("not a pdf".utf8))) { error in
            guard case TypesettingError.unreadablePDF(let reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("startxref"), reason)
        }
        // The same file after qpdf rewrote it with cross-reference and object streams.
        let folder = try TestSupport.temporaryFolder(self)
        let pdf = try TestSupport.write(try document(attachments: attachments), name: "original.pdf", in: folder)
        let compressed = folder.appendingPathComponent("compressed.pdf")
        let rewrite = try TestSupport.run("qpdf", ["--object-streams=generate", pdf.path, compressed.path])
        XCTAssertEqual(rewrite.status, 0, rewrite.stderr)
        XCTAssertThrowsError(try PDFAttachments.extract(from: Data(contentsOf: compressed))) { error in
            guard case TypesettingError.unreadablePDF = error else { return XCTFail("\(error)") }
        }
    }

    func testDuplicateNamesGetDistinctKeys() throws {
        let copy = PDFAttachment(
            name: "record.json", data: Data("{}".utf8), mimeType: "application/json", description: "")
        let folder = try TestSupport.temporaryFolder(self)
        let pdf = try TestSupport.write(
            try document(attachments: [attachments[0], copy]), name: "duplicates.pdf", in: folder)
        let list = try TestSupport.run("pdfdetach", ["-list", pdf.path])
        XCTAssertTrue(list.stdout.contains("2 embedded files"), list.stdout)
        let check = try TestSupport.run("qpdf", ["--check", pdf.path])
        XCTAssertTrue(check.stderr.isEmpty, check.stderr)
    }
}
