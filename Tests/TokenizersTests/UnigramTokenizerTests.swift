import Foundation
import XCTest

@testable import Tokenizers

/// SentencePiece Unigram against Hugging Face `tokenizers`, on three tokenizer.json files sharing one vocabulary
/// trained by the fixture script: XLM-R's stages (sentencepiece's compiled `nmt_nfkc` map), DeBERTa-v2's
/// (Lowercase, Replace, NFC, Strip) and SentencePiece's own with byte fallback.
final class UnigramTokenizerTests: XCTestCase {
    private func load(_ name: String) throws -> any Tokenizer {
        try TokenizerLoader.load(directory: TokenizerFixtures.directory.appendingPathComponent(name))
    }

    func testXLMRobertaStyleMatchesReference() throws {
        let tokenizer = try load("tiny-unigram")
        XCTAssertTrue(tokenizer is UnigramTokenizer)
        XCTAssertEqual(tokenizer.specialTokens, SpecialTokens(start: 0, end: 2, pad: 1, unknown: 3, mask: 400))
        XCTAssertEqual(tokenizer.vocabularySize, 401)
        TokenizerFixtures.check(
            tokenizer, against: try TokenizerFixtures.expected("tiny-unigram").cases, label: "tiny-unigram")
    }

    func testDebertaStyleMatchesReference() throws {
        let tokenizer = try load("tiny-unigram-deberta")
        XCTAssertEqual(tokenizer.specialTokens, SpecialTokens(start: 0, end: 2, pad: 1, unknown: 3, mask: 400))
        TokenizerFixtures.check(
            tokenizer, against: try TokenizerFixtures.expected("tiny-unigram-deberta").cases,
            label: "tiny-unigram-deberta")
    }

    func testByteFallbackMatchesReference() throws {
        let tokenizer = try load("tiny-unigram-byte-fallback")
        XCTAssertEqual(tokenizer.id(forToken: "<0xF0>"), 4 + 0xF0)
        TokenizerFixtures.check(
            tokenizer, against: try TokenizerFixtures.expected("tiny-unigram-byte-fallback").cases,
            label: "tiny-unigram-byte-fallback")
    }
}
