import Foundation
import XCTest

@testable import Tokenizers

/// Malformed and missing input: every failure is a typed error naming the file and what is wrong.
final class TokenizerLoaderTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tokenizer-loader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func write(_ text: String, to name: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// Loads `directory` and returns the thrown error, failing when nothing or something untyped is thrown.
    private func loadError(file: StaticString = #filePath, line: UInt = #line) -> TokenizerError? {
        do {
            _ = try TokenizerLoader.load(directory: directory)
            XCTFail("loading \(directory.path) succeeded", file: file, line: line)
            return nil
        } catch let error as TokenizerError {
            return error
        } catch {
            XCTFail("untyped error \(error)", file: file, line: line)
            return nil
        }
    }

    private let wordPieceJSON = """
        {"added_tokens": [], "normalizer": {"type": "BertNormalizer", "lowercase": true},
         "pre_tokenizer": {"type": "BertPreTokenizer"},
         "post_processor": {"type": "BertProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2]},
         "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                   "max_input_chars_per_word": 100,
                   "vocab": {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "hello": 4, "##s": 5}}}
        """

    func testMissingVocabularyNamesTheDirectoryAndTheFilesLookedFor() {
        let error = loadError()
        XCTAssertEqual(error, .missingVocabulary(directory: directory, lookedFor: TokenizerLoader.candidateFiles))
        let message = error?.description ?? ""
        XCTAssertTrue(message.contains(directory.path), message)
        XCTAssertTrue(message.contains("tokenizer.json") && message.contains("vocab.txt"), message)
    }

    func testInvalidJSONNamesTheFile() throws {
        let file = try write("{\"model\": {\"type\": \"WordPiece\", ", to: "tokenizer.json")
        guard case .malformedJSON(let reported, let detail) = loadError() else {
            return XCTFail("expected malformedJSON")
        }
        XCTAssertEqual(reported, file)
        XCTAssertFalse(detail.isEmpty)
    }

    func testWrongShapeNamesTheKeyPath() throws {
        let file = try write(#"{"model": {"type": "WordPiece", "vocab": {"a": "zero"}}}"#, to: "tokenizer.json")
        guard case .malformedJSON(let reported, let detail) = loadError() else {
            return XCTFail("expected malformedJSON")
        }
        XCTAssertEqual(reported, file)
        XCTAssertTrue(detail.contains("model.vocab"), detail)
    }

    func testUnknownModelTypeIsReported() throws {
        let file = try write(
            wordPieceJSON.replacingOccurrences(of: #""type": "WordPiece""#, with: #""type": "WordLevel""#),
            to: "tokenizer.json")
        XCTAssertEqual(loadError(), .unsupportedModel(type: "WordLevel", file: file))
        XCTAssertTrue(
            TokenizerError.unsupportedModel(type: "WordLevel", file: file).description.contains("WordLevel"))
    }

    func testUnsupportedNormalizerIsReported() throws {
        let file = try write(
            wordPieceJSON.replacingOccurrences(of: #""type": "BertNormalizer""#, with: #""type": "StripAccents""#),
            to: "tokenizer.json")
        XCTAssertEqual(loadError(), .unsupportedComponent(component: "normalizer", type: "StripAccents", file: file))
    }

    func testUnknownTokenMissingFromVocabularyIsReported() throws {
        let file = try write(
            wordPieceJSON.replacingOccurrences(of: #""unk_token": "[UNK]""#, with: #""unk_token": "<unk>""#),
            to: "tokenizer.json")
        XCTAssertEqual(loadError(), .missingToken(role: "unknown", token: "<unk>", file: file))
    }

    func testMinimalWordPieceJSONLoadsAndEncodes() throws {
        _ = try write(wordPieceJSON, to: "tokenizer.json")
        let tokenizer = try TokenizerLoader.load(directory: directory)
        let encoding = tokenizer.encode("Hellos!", addSpecialTokens: true, maxLength: nil)
        XCTAssertEqual(encoding.tokens, ["[CLS]", "hello", "##s", "[UNK]", "[SEP]"])
        XCTAssertEqual(encoding.offsets, [0..<0, 0..<5, 5..<6, 6..<7, 0..<0])
        XCTAssertEqual(tokenizer.specialTokens, SpecialTokens(start: 2, end: 3, pad: 0, unknown: 1, mask: nil))
    }

    func testBPEMergeOutsideTheVocabularyIsReported() throws {
        let file = try write(
            """
            {"pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false},
             "post_processor": {"type": "RobertaProcessing", "sep": ["</s>", 2], "cls": ["<s>", 0]},
             "model": {"type": "BPE", "vocab": {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "a": 4, "b": 5},
                       "merges": ["a b"]}}
            """, to: "tokenizer.json")
        XCTAssertEqual(loadError(), .malformedMerge(file: file, index: 0, entry: "a b"))
    }

    func testBPEWithoutByteLevelPreTokenizerIsReported() throws {
        let file = try write(
            #"{"pre_tokenizer": {"type": "Whitespace"}, "model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}}"#,
            to: "tokenizer.json")
        XCTAssertEqual(
            loadError(),
            .unsupportedComponent(
                component: "pre-tokenizer for BPE (only ByteLevel with use_regex)", type: "Whitespace", file: file))
    }

    func testVocabTxtWithoutUnknownTokenIsReported() throws {
        let file = try write("[PAD]\n[CLS]\n[SEP]\nhello\n", to: "vocab.txt")
        XCTAssertEqual(loadError(), .missingToken(role: "unknown", token: "[UNK]", file: file))
    }

    func testEmptyVocabTxtIsReported() throws {
        let file = try write("", to: "vocab.txt")
        XCTAssertEqual(loadError(), .malformedVocabulary(file: file, detail: "the vocabulary is empty"))
    }

    func testMalformedMergesTxtIsReported() throws {
        _ = try write(#"{"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}"#, to: "vocab.json")
        let merges = try write("#version: 0.2\na b c\n", to: "merges.txt")
        XCTAssertEqual(loadError(), .malformedMerge(file: merges, index: 1, entry: "a b c"))
    }

    func testVocabTxtHonoursTokenizerConfig() throws {
        _ = try write("[PAD]\n[UNK]\n[CLS]\n[SEP]\nHello\nhello\n", to: "vocab.txt")
        _ = try write(#"{"do_lower_case": false}"#, to: "tokenizer_config.json")
        let cased = try TokenizerLoader.load(directory: directory)
        XCTAssertEqual(cased.encode("Hello hello").ids, [4, 5])
        _ = try write(#"{"do_lower_case": true}"#, to: "tokenizer_config.json")
        let uncased = try TokenizerLoader.load(directory: directory)
        XCTAssertEqual(uncased.encode("Hello hello").ids, [5, 5])
    }

    /// Reference from `tokenizers` 0.23: `WordPiece(vocab, continuing_subword_prefix="")` on "unaffable" gives
    /// `un`, `aff`, `able` (ids 1, 2, 3): with an empty prefix, continuations are looked up as they are.
    func testEmptyContinuingSubwordPrefix() throws {
        _ = try write(
            """
            {"pre_tokenizer": {"type": "BertPreTokenizer"},
             "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "",
                       "vocab": {"[UNK]": 0, "un": 1, "aff": 2, "able": 3, "##able": 4, "[CLS]": 5, "[SEP]": 6,
                                 "[PAD]": 7}}}
            """, to: "tokenizer.json")
        let encoding = try TokenizerLoader.load(directory: directory).encode("unaffable")
        XCTAssertEqual(encoding.ids, [1, 2, 3])
        XCTAssertEqual(encoding.offsets, [0..<2, 2..<5, 5..<9])
    }
}
