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

    /// A `Sequence` post-processor (ByteLevel trimming, then TemplateProcessing), as newer conversions write;
    /// reference ids and offsets from `tokenizers` 0.23 on the committed tiny-bpe vocabulary.
    func testSequencePostProcessorMatchesReference() throws {
        let source = TokenizerFixtures.directory.appendingPathComponent("tiny-bpe/tokenizer.json")
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
        let sequence = """
            {"type": "Sequence", "processors": [
              {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true},
              {"type": "TemplateProcessing",
               "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                          {"SpecialToken": {"id": "</s>", "type_id": 0}}],
               "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
               "special_tokens": {"</s>": {"id": "</s>", "ids": [2], "tokens": ["</s>"]},
                                  "<s>": {"id": "<s>", "ids": [0], "tokens": ["<s>"]}}}]}
            """
        json["post_processor"] = try JSONSerialization.jsonObject(with: Data(sequence.utf8))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bpe-seq-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try JSONSerialization.data(withJSONObject: json).write(to: directory.appendingPathComponent("tokenizer.json"))

        let tokenizer = try TokenizerLoader.load(directory: directory)
        let encoding = tokenizer.encode(" Hello  world, it's  <mask> café 😍 ", addSpecialTokens: true, maxLength: nil)
        XCTAssertEqual(
            encoding.ids, [0, 225, 515, 343, 225, 473, 80, 72, 16, 370, 396, 4, 283, 479, 329, 251, 240, 225, 2])
        XCTAssertEqual(
            encoding.offsets,
            [
                0..<0, 0..<0, 1..<4, 4..<6, 7..<7, 8..<11, 11..<12, 12..<13, 13..<14, 15..<17, 17..<19, 21..<27,
                28..<29, 29..<32, 33..<34, 33..<34, 33..<34, 35..<35, 0..<0,
            ])
        XCTAssertEqual(encoding.tokens[11], "  <mask>")
    }
}
