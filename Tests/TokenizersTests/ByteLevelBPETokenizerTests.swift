import Foundation
import XCTest

@testable import Tokenizers

/// Byte-level BPE against Hugging Face `tokenizers`, on a tiny RoBERTa-style tokenizer trained by the fixture
/// script (roberta-base itself is not available offline).
final class ByteLevelBPETokenizerTests: XCTestCase {
    func testTinyBPEMatchesReference() throws {
        let expected = try TokenizerFixtures.expected("tiny-bpe")
        let tokenizer = try TokenizerLoader.load(
            directory: TokenizerFixtures.directory.appendingPathComponent("tiny-bpe"))
        let bpe = try XCTUnwrap(tokenizer as? ByteLevelBPETokenizer)
        XCTAssertFalse(bpe.addsPrefixSpace)
        XCTAssertEqual(tokenizer.specialTokens, SpecialTokens(start: 0, end: 2, pad: 1, unknown: 3, mask: 4))
        TokenizerFixtures.check(tokenizer, against: expected.cases, label: "tiny-bpe")
    }

    func testTinyBPEWithPrefixSpaceMatchesReference() throws {
        let expected = try TokenizerFixtures.expected("tiny-bpe-prefix-space")
        let tokenizer = try TokenizerLoader.load(
            directory: TokenizerFixtures.directory.appendingPathComponent("tiny-bpe-prefix-space"))
        let bpe = try XCTUnwrap(tokenizer as? ByteLevelBPETokenizer)
        XCTAssertTrue(bpe.addsPrefixSpace)
        TokenizerFixtures.check(tokenizer, against: expected.cases, label: "tiny-bpe-prefix-space")
    }

    func testVocabJSONAndMergesTxtGiveTheSameEncodings() throws {
        // Rebuild the RoBERTa-style file pair from the committed tokenizer.json and load it without tokenizer.json.
        let source = TokenizerFixtures.directory.appendingPathComponent("tiny-bpe/tokenizer.json")
        let definition = try TokenizerLoader.decode(TokenizerDefinition.self, from: source)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bpe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try JSONEncoder().encode(definition.model.vocab).write(to: directory.appendingPathComponent("vocab.json"))
        let merges = (definition.model.merges ?? []).map { "\($0.left) \($0.right)" }
        try ("#version: 0.2\n" + merges.joined(separator: "\n") + "\n")
            .write(to: directory.appendingPathComponent("merges.txt"), atomically: true, encoding: .utf8)
        let tokenizer = try TokenizerLoader.load(directory: directory)
        let expected = try TokenizerFixtures.expected("tiny-bpe")
        TokenizerFixtures.check(tokenizer, against: expected.cases, label: "tiny-bpe vocab.json + merges.txt")
    }

    func testPreTokenizerRegexSplits() {
        func pieces(_ text: String) -> [String] {
            let normalized = NormalizedText(
                identityOf: Array(text.unicodeScalars), range: 0..<text.unicodeScalars.count)
            return ByteLevelPreTokenizer.split(normalized).map { normalized.string($0) }
        }
        XCTAssertEqual(pieces("I'm here's 'x'"), ["I", "'m", " here", "'s", " '", "x", "'"])
        XCTAssertEqual(pieces("a  b\t\tc \n d  "), ["a", " ", " b", "\t", "\t", "c", " \n", " d", "  "])
        XCTAssertEqual(pieces("12,5 €!! x²"), ["12", ",", "5", " €!!", " x", "²"])
        XCTAssertEqual(pieces(""), [])
    }

    func testByteAlphabetIsGPT2s() {
        let alphabet = ByteLevelAlphabet.characters
        XCTAssertEqual(alphabet.count, 256)
        XCTAssertEqual(Set(alphabet).count, 256)
        XCTAssertEqual(alphabet[0x20], "\u{0120}")  // Ġ
        XCTAssertEqual(alphabet[0x0A], "\u{010A}")  // Ċ
        XCTAssertEqual(alphabet[0x41], "A")
        XCTAssertEqual(alphabet[0xAD], "\u{0143}")  // Ń: the soft hyphen byte is remapped
    }
}
