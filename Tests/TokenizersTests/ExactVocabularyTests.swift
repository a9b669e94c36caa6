import Foundation
import XCTest

@testable import Tokenizers

/// Canonically equivalent tokens (`Å` U+00C5, `Å` U+212B, `A` + U+030A) are distinct vocabulary entries in
/// Hugging Face; Swift's `String` equality would merge them.
final class ExactVocabularyTests: XCTestCase {
    /// Reference from `tokenizers` 0.23: WordPiece with this vocabulary and
    /// `BertNormalizer(strip_accents=False, lowercase=False)` on `text`.
    private let text = "\u{C5} \u{212B} A\u{30A} x\u{212B} x\u{C5}"
    private let expectedIDs = [4, 5, 6, 9, 8, 9, 7]
    private let expectedOffsets = [0..<1, 2..<3, 4..<6, 7..<8, 8..<9, 10..<11, 11..<12]

    private func tokenizerJSON(escaped: Bool) -> String {
        let tokens = ["\u{C5}", "\u{212B}", "A\u{30A}", "##\u{C5}", "##\u{212B}"]
        let spelled = tokens.map { token in
            escaped
                ? token.unicodeScalars.map { $0.isASCII ? String($0) : String(format: "\\u%04x", $0.value) }.joined()
                : token
        }
        return """
            {"normalizer": {"type": "BertNormalizer", "strip_accents": false, "lowercase": false},
             "pre_tokenizer": {"type": "BertPreTokenizer"},
             "model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2,
               "[SEP]": 3, "\(spelled[0])": 4, "\(spelled[1])": 5, "\(spelled[2])": 6, "\(spelled[3])": 7,
               "\(spelled[4])": 8, "x": 9, "\\"quoted\\\\\\ud83d\\ude00": 10}}}
            """
    }

    func testTokenizerJSONKeepsEquivalentSpellingsApart() throws {
        for escaped in [false, true] {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("exact-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            try tokenizerJSON(escaped: escaped).write(
                to: directory.appendingPathComponent("tokenizer.json"), atomically: true, encoding: .utf8)
            let tokenizer = try TokenizerLoader.load(directory: directory)
            let encoding = tokenizer.encode(text)
            XCTAssertEqual(encoding.ids, expectedIDs, "escaped: \(escaped)")
            XCTAssertEqual(encoding.offsets, expectedOffsets, "escaped: \(escaped)")
            XCTAssertEqual(tokenizer.token(forID: 5)?.unicodeScalars.first, "\u{212B}")
            XCTAssertEqual(tokenizer.token(forID: 10), "\"quoted\\\u{1F600}")
        }
    }

    func testInMemoryVocabularyKeepsEquivalentSpellingsApart() throws {
        let tokenizer = try WordPieceTokenizer(
            vocabulary: [
                "[PAD]", "[UNK]", "[CLS]", "[SEP]", "\u{C5}", "\u{212B}", "A\u{30A}", "##\u{C5}", "##\u{212B}", "x",
            ],
            lowercase: false, stripAccents: false)
        let encoding = tokenizer.encode(text)
        XCTAssertEqual(encoding.ids, expectedIDs)
        XCTAssertEqual(encoding.offsets, expectedOffsets)
    }

    func testScannerReportsMalformedVocabulary() throws {
        let file = URL(fileURLWithPath: "/tmp/example/tokenizer.json")
        var scanner = VocabularyScanner(data: Data(#"{"model": {"vocab": {"a": 1, "b" 2}}}"#.utf8), file: file)
        XCTAssertThrowsError(try scanner.modelVocabulary()) { error in
            guard case .malformedJSON(let reported, let detail) = error as? TokenizerError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(reported, file)
            XCTAssertTrue(detail.contains("expected ':'"), detail)
        }
    }
}
