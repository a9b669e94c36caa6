import Foundation
import XCTest

@testable import Dossier

/// The template folder: wording rendered strictly, every file checked when it loads, taxonomy matching.
final class TemplateTests: XCTestCase {
    private var shipped: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Templates/default")
    }

    /// A copy of the shipped template to break.
    private func copyOfShipped() throws -> URL {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("template-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: shipped, to: copy)
        addTeardownBlock { try? FileManager.default.removeItem(at: copy) }
        return copy
    }

    func testShippedTemplateLoads() throws {
        let template = try DossierTemplate.load(folder: shipped)
        XCTAssertEqual(template.thresholds.maximumReasons, 4)
        XCTAssertEqual(template.thresholds.retentionMonthsConsumer, 25)
        XCTAssertEqual(template.thresholds.retentionMonthsBusiness, 12)
        XCTAssertEqual(template.digest.count, 64)
    }

    func testRenderingIsPlainTextWithFoldedWhiteSpace() throws {
        let texts = try TemplateTexts(folder: shipped)
        let text = try texts.render(
            "record-retention", ["creditType": "consumer", "months": 25, "until": "2029-01-02 <&>"])
        XCTAssertTrue(text.contains("kept for 25 months: this record is kept until 2029-01-02 <&>."), text)
        XCTAssertFalse(text.contains("\n"))
    }

    func testArchitectureLimitationSaysHowADecoderIsRead() throws {
        let texts = try DossierTemplate.load(folder: shipped).texts
        let context: [String: Any] = ["architecture": "GPT2", "startToken": "The", "pooledToken": "Ġloan"]
        var decoder = context
        decoder["decoder"] = true
        let causal = try texts.render("limitation-architecture", decoder)
        XCTAssertTrue(causal.contains("decoder whose decision is read from the last token (Ġloan)"), causal)
        XCTAssertTrue(causal.contains("causal"), causal)
        XCTAssertFalse(causal.contains("first token"), causal)
        var encoder = context
        encoder["decoder"] = false
        encoder["architecture"] = "BERT"
        encoder["startToken"] = "[CLS]"
        let first = try texts.render("limitation-architecture", encoder)
        XCTAssertTrue(first.contains("BERT encoder whose decision is read from the first token ([CLS])"), first)
        XCTAssertFalse(first.contains("causal"), first)
    }

    func testUnknownKeyNamesFileAndLine() throws {
        let folder = try copyOfShipped()
        try "Kept for {{months}}\nuntil {{untill}}.".write(
            to: folder.appendingPathComponent("text/record-retention.mustache"), atomically: true, encoding: .utf8)
        let texts = try TemplateTexts(folder: folder)
        XCTAssertThrowsError(try texts.render("record-retention", ["months": 25, "until": "x", "creditType": "c"])) {
            let message = String(describing: $0)
            XCTAssertTrue(message.contains("record-retention.mustache"), message)
            XCTAssertTrue(message.contains("line 2: unknown key 'untill'"), message)
        }
    }

    func testKeysInsideListSectionsResolveAgainstTheElements() throws {
        let source = "{{#reasons}}“{{quote}}”{{separator}}{{/reasons}}{{^reasons}}none{{/reasons}} {{verdict}}"
        XCTAssertNoThrow(
            try TemplateTexts.checkKeys(
                source, context: ["reasons": [["quote": "a", "separator": ""]], "verdict": "strong"], file: "t"))
        XCTAssertThrowsError(
            try TemplateTexts.checkKeys(
                "{{#reasons}}{{qoute}}{{/reasons}}", context: ["reasons": [["quote": "a"]]], file: "t"))
        XCTAssertThrowsError(try TemplateTexts.checkKeys("{{#a}}x", context: ["a": true], file: "t")) {
            XCTAssertTrue(String(describing: $0).contains("never closed"))
        }
    }

    func testMissingPassageAndBrokenFilesAreNamed() throws {
        let folder = try copyOfShipped()
        try FileManager.default.removeItem(at: folder.appendingPathComponent("text/contest.mustache"))
        XCTAssertThrowsError(try DossierTemplate.load(folder: folder)) {
            XCTAssertTrue(String(describing: $0).contains("contest.mustache: missing"), "\($0)")
        }
        let second = try copyOfShipped()
        try "{ \"pageSize\": \"A4\"".write(
            to: second.appendingPathComponent("style.json"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try DossierTemplate.load(folder: second)) {
            XCTAssertTrue(String(describing: $0).contains("style.json: not valid JSON"), "\($0)")
        }
        let third = try copyOfShipped()
        try "{{#open}} never closed".write(
            to: third.appendingPathComponent("text/method.mustache"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try DossierTemplate.load(folder: third)) {
            XCTAssertTrue(String(describing: $0).contains("method.mustache: cannot parse"), "\($0)")
        }
        let fourth = try copyOfShipped()
        let thresholds = fourth.appendingPathComponent("thresholds.json")
        let text = try String(contentsOf: thresholds, encoding: .utf8).replacingOccurrences(
            of: "\"strongMinimumDrop\": 0.30", with: "\"strongMinimumDrop\": 3")
        try text.write(to: thresholds, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try DossierTemplate.load(folder: fourth)) {
            XCTAssertTrue(String(describing: $0).contains("thresholds.json: every threshold"), "\($0)")
        }
    }

    func testTaxonomyMatchesWholeWordsForTheLabel() throws {
        let taxonomy = try DossierTemplate.load(folder: shipped).taxonomy
        XCTAssertEqual(taxonomy.code(for: "which gives a DTI of 47%", label: "refer")?.code, "C01")
        XCTAssertEqual(taxonomy.code(for: "which gives a DTI of 21%", label: "approve")?.code, "A01")
        XCTAssertEqual(taxonomy.code(for: "keep savings covering one month", label: "decline")?.code, "C05")
        XCTAssertNil(taxonomy.code(for: "the DTIs were fine", label: "refer"))  // not a whole word
        XCTAssertEqual(taxonomy.code(for: "The Company alone indemnifies the Supplier.", label: "high")?.code, "K02")
        XCTAssertNil(taxonomy.code(for: "Each party shall indemnify the other.", label: "high"))
        XCTAssertEqual(taxonomy.code(for: "Each party shall indemnify the other.", label: "standard")?.code, "S02")
    }
}
