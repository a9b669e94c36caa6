import Foundation
import XCTest

@testable import Tokenizers

/// The encoding helpers the rest of the pipeline relies on: windows, special tokens, truncation, offsets back
/// to string ranges.
final class EncodingTests: XCTestCase {
    private func tinyWordPiece() throws -> any Tokenizer {
        try TokenizerLoader.load(directory: TokenizerFixtures.directory.appendingPathComponent("tiny-wordpiece"))
    }

    private func tinyBPE() throws -> any Tokenizer {
        try TokenizerLoader.load(directory: TokenizerFixtures.directory.appendingPathComponent("tiny-bpe"))
    }

    func testWrappingAWindowEqualsEncodingItsText() throws {
        for tokenizer in [try tinyWordPiece(), try tinyBPE()] {
            let text = "The quick brown fox jumps over the lazy dog while the reviewer reads the report."
            let content = tokenizer.encode(text)
            XCTAssertGreaterThan(content.count, 10)
            let window = tokenizer.addingSpecialTokens(to: content.slice(3..<9))
            XCTAssertEqual(window.count, 8)
            XCTAssertEqual(window.ids.first, tokenizer.specialTokens.start)
            XCTAssertEqual(window.ids.last, tokenizer.specialTokens.end)
            XCTAssertEqual(Array(window.ids[1..<7]), Array(content.ids[3..<9]))
            XCTAssertEqual(Array(window.offsets[1..<7]), Array(content.offsets[3..<9]))
            XCTAssertEqual(window.isSpecial, [true] + Array(repeating: false, count: 6) + [true])
            XCTAssertEqual(window.offsets.first, 0..<0)
            XCTAssertEqual(
                tokenizer.addingSpecialTokens(to: content),
                tokenizer.encode(text, addSpecialTokens: true, maxLength: nil))
        }
    }

    func testTruncationKeepsTheSpecialTokens() throws {
        let tokenizer = try tinyWordPiece()
        let text = Array(repeating: "report", count: 50).joined(separator: " ")
        let content = tokenizer.encode(text)
        for maxLength in [2, 3, 10, content.count + 2, content.count + 10] {
            let encoding = tokenizer.encode(text, addSpecialTokens: true, maxLength: maxLength)
            XCTAssertEqual(encoding.count, min(maxLength, content.count + 2), "maxLength \(maxLength)")
            XCTAssertEqual(encoding.ids.first, tokenizer.specialTokens.start)
            XCTAssertEqual(encoding.ids.last, tokenizer.specialTokens.end)
        }
        XCTAssertEqual(tokenizer.encode(text, addSpecialTokens: false, maxLength: 7), content.prefix(7))
        XCTAssertEqual(tokenizer.encode(text, addSpecialTokens: false, maxLength: nil), content)
        XCTAssertEqual(tokenizer.specialTokenCount, 2)
    }

    func testEmptyTextGivesOnlySpecialTokens() throws {
        for tokenizer in [try tinyWordPiece(), try tinyBPE()] {
            XCTAssertEqual(tokenizer.encode(""), .empty)
            let wrapped = tokenizer.encode("", addSpecialTokens: true, maxLength: 512)
            XCTAssertEqual(wrapped.ids, [tokenizer.specialTokens.start, tokenizer.specialTokens.end])
        }
    }

    func testOffsetsMapBackToTheOriginalText() throws {
        let text = "Ångström’s café 😍 — naïve e\u{301}tude"
        let tokenizer = try tinyWordPiece()
        let encoding = tokenizer.encode(text)
        let map = ScalarOffsetMap(text)
        XCTAssertEqual(map.scalarCount, text.unicodeScalars.count)
        for (token, offsets) in zip(encoding.tokens, encoding.offsets) {
            let range = try XCTUnwrap(map.range(offsets), "offsets \(offsets) of '\(token)' outside the text")
            XCTAssertEqual(text.range(ofScalarOffsets: offsets), range, "token '\(token)'")
            XCTAssertFalse(text[range].isEmpty, "token '\(token)' covers no text")
        }
        // The accented word maps back to its original spelling, not the normalised one.
        let words = encoding.offsets.compactMap { map.range($0) }.map { String(text[$0]) }
        XCTAssertTrue(words.contains("’"), "\(words)")
        XCTAssertNil(map.range(0..<(text.unicodeScalars.count + 1)))
        XCTAssertNil(text.range(ofScalarOffsets: 3..<(text.unicodeScalars.count + 1)))
        let accented = try XCTUnwrap(text.range(ofScalarOffsets: 0..<8))
        XCTAssertEqual(String(text[accented]), "Ångström")
    }

    func testVocabularyLookups() throws {
        let tokenizer = try tinyBPE()
        XCTAssertEqual(tokenizer.id(forToken: "<s>"), 0)
        XCTAssertEqual(tokenizer.token(forID: 2), "</s>")
        XCTAssertNil(tokenizer.token(forID: -1))
        XCTAssertNil(tokenizer.token(forID: tokenizer.vocabularySize))
        XCTAssertNil(tokenizer.id(forToken: "definitely not a token"))
        for id in [0, 5, 100, tokenizer.vocabularySize - 1] {
            let token = try XCTUnwrap(tokenizer.token(forID: id), "id \(id)")
            XCTAssertEqual(tokenizer.id(forToken: token), id, "token '\(token)'")
        }
    }
}
