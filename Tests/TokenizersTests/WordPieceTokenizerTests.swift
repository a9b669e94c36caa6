import Foundation
import XCTest

@testable import Tokenizers

/// WordPiece against Hugging Face `tokenizers`: the committed tiny vocabulary and the real all-MiniLM-L6-v2.
final class WordPieceTokenizerTests: XCTestCase {
    private let tinyDirectory = TokenizerFixtures.directory.appendingPathComponent("tiny-wordpiece")

    func testTinyWordPieceFromTokenizerJSONMatchesReference() throws {
        let expected = try TokenizerFixtures.expected("tiny-wordpiece")
        let tokenizer = try TokenizerLoader.load(tokenizerJSON: tinyDirectory.appendingPathComponent("tokenizer.json"))
        XCTAssertTrue(tokenizer is WordPieceTokenizer)
        XCTAssertGreaterThanOrEqual(expected.cases.count, 25)
        TokenizerFixtures.check(tokenizer, against: expected.cases, label: "tiny-wordpiece tokenizer.json")
    }

    func testTinyWordPieceFromDirectoryMatchesReference() throws {
        let expected = try TokenizerFixtures.expected("tiny-wordpiece")
        let tokenizer = try TokenizerLoader.load(directory: tinyDirectory)
        TokenizerFixtures.check(tokenizer, against: expected.cases, label: "tiny-wordpiece directory")
    }

    func testVocabTxtOnlyLoadingMatchesTokenizerJSON() throws {
        let expected = try TokenizerFixtures.expected("tiny-wordpiece")
        let directory = try temporaryDirectory(copying: ["vocab.txt", "tokenizer_config.json"], from: tinyDirectory)
        defer { try? FileManager.default.removeItem(at: directory) }
        let tokenizer = try TokenizerLoader.load(directory: directory)
        TokenizerFixtures.check(tokenizer, against: expected.cases, label: "tiny-wordpiece vocab.txt")
        XCTAssertEqual(tokenizer.specialTokens, SpecialTokens(start: 2, end: 3, pad: 0, unknown: 1, mask: 4))
    }

    func testInMemoryVocabularyWithNormalizerVariantsMatchesReference() throws {
        let expected = try TokenizerFixtures.expected("tiny-wordpiece")
        let vocabulary = try XCTUnwrap(expected.vocabulary)
        let variants = try XCTUnwrap(expected.variants)
        XCTAssertEqual(variants.count, 3)
        for variant in variants {
            let tokenizer = try WordPieceTokenizer(
                vocabulary: vocabulary, lowercase: variant.lowercase, stripAccents: variant.stripAccents)
            TokenizerFixtures.check(
                tokenizer, against: variant.cases,
                label: "in-memory lowercase=\(variant.lowercase) strip=\(String(describing: variant.stripAccents))")
        }
    }

    func testAllMiniLMMatchesReference() throws {
        let directory = try TokenizerFixtures.requireBaseModel()
        let expected = try TokenizerFixtures.expected("all-MiniLM-L6-v2")
        let tokenizer = try TokenizerLoader.load(directory: directory)
        XCTAssertEqual(tokenizer.specialTokens, SpecialTokens(start: 101, end: 102, pad: 0, unknown: 100, mask: 103))
        XCTAssertEqual(tokenizer.vocabularySize, 30522)
        XCTAssertEqual(tokenizer.id(forToken: "hello"), 7592)
        XCTAssertEqual(tokenizer.token(forID: 7592), "hello")
        TokenizerFixtures.check(tokenizer, against: expected.cases, label: "all-MiniLM-L6-v2")
    }

    func testAllMiniLMVocabTxtOnlyGivesTheSameEncodings() throws {
        let base = try TokenizerFixtures.requireBaseModel()
        let expected = try TokenizerFixtures.expected("all-MiniLM-L6-v2")
        let directory = try temporaryDirectory(
            copying: ["vocab.txt", "tokenizer_config.json", "special_tokens_map.json"], from: base)
        defer { try? FileManager.default.removeItem(at: directory) }
        let tokenizer = try TokenizerLoader.load(directory: directory)
        XCTAssertEqual(tokenizer.specialTokens, SpecialTokens(start: 101, end: 102, pad: 0, unknown: 100, mask: 103))
        TokenizerFixtures.check(tokenizer, against: expected.cases, label: "all-MiniLM-L6-v2 vocab.txt")
    }

    func testTokenizerJSONTruncationAndPaddingBlocksAreIgnored() throws {
        let directory = try TokenizerFixtures.requireBaseModel()
        let tokenizer = try TokenizerLoader.load(directory: directory)
        // all-MiniLM's tokenizer.json says truncate and pad to 128: neither may happen.
        let text = Array(repeating: "word", count: 300).joined(separator: " ")
        XCTAssertEqual(tokenizer.encode(text).count, 300)
        XCTAssertEqual(tokenizer.encode(text, addSpecialTokens: true, maxLength: nil).count, 302)
        XCTAssertEqual(tokenizer.encode("short", addSpecialTokens: true, maxLength: nil).count, 3)
    }

    func testMissingSpecialTokenInInMemoryVocabularyThrows() {
        XCTAssertThrowsError(try WordPieceTokenizer(vocabulary: ["[PAD]", "[UNK]", "[CLS]", "hello"])) { error in
            XCTAssertEqual(error as? TokenizerError, .missingToken(role: "end", token: "[SEP]", file: nil))
        }
        XCTAssertThrowsError(try WordPieceTokenizer(vocabulary: [])) { error in
            XCTAssertEqual(error as? TokenizerError, .malformedVocabulary(file: nil, detail: "the vocabulary is empty"))
        }
    }

    func testInMemoryVocabularyBasics() throws {
        let tokenizer = try WordPieceTokenizer(
            vocabulary: ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "un", "##aff", "##able", "!", "x"])
        let encoding = tokenizer.encode("UNAFFABLE! x y", addSpecialTokens: true, maxLength: nil)
        XCTAssertEqual(encoding.tokens, ["[CLS]", "un", "##aff", "##able", "!", "x", "[UNK]", "[SEP]"])
        XCTAssertEqual(encoding.ids, [2, 5, 6, 7, 8, 9, 1, 3])
        XCTAssertEqual(encoding.offsets, [0..<0, 0..<2, 2..<5, 5..<9, 9..<10, 11..<12, 13..<14, 0..<0])
        XCTAssertEqual(encoding.isSpecial, [true, false, false, false, false, false, false, true])
        XCTAssertEqual(tokenizer.specialTokens.all, [0, 1, 2, 3, 4])
    }

    private func temporaryDirectory(copying names: [String], from source: URL) throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("tokenizers-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in names {
            try FileManager.default.copyItem(
                at: source.appendingPathComponent(name), to: directory.appendingPathComponent(name))
        }
        return directory
    }
}
