import Foundation
import XCTest

@testable import Tokenizers

/// The scanned vocabulary (``VocabularySplit``) builds the same tokenizer as decoding the whole tokenizer.json, and
/// refuses what strict JSON or the decoder would read differently.
final class VocabularySplitTests: XCTestCase {
    /// Every WordPiece and BPE tokenizer.json among the fixtures, the sample models and the base model if fetched.
    private func tokenizerFiles() throws -> [URL] {
        let root = TokenizerFixtures.repositoryRoot
        var files: [URL] = []
        for folder in ["Tests/Fixtures/tokenizers", "Tests/Fixtures/models", "Samples/Models"] {
            let directory = root.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() {
                let file = directory.appendingPathComponent(name).appendingPathComponent("tokenizer.json")
                if FileManager.default.fileExists(atPath: file.path) { files.append(file) }
            }
        }
        let base = TokenizerFixtures.baseModelDirectory.appendingPathComponent("tokenizer.json")
        if FileManager.default.fileExists(atPath: base.path) { files.append(base) }
        return files
    }

    private func texts() throws -> [String] {
        struct Entry: Decodable {
            var text: String
        }
        let url = TokenizerFixtures.directory.appendingPathComponent("texts.json")
        return try JSONDecoder().decode([Entry].self, from: Data(contentsOf: url)).map(\.text)
    }

    func testScannedVocabularyBuildsTheDecodedTokenizer() throws {
        let texts = try texts()
        var scannedCount = 0
        for file in try tokenizerFiles() {
            let data = try Data(contentsOf: file)
            // The special-token names beside the file, as `TokenizerLoader.load(directory:)` reads them.
            var configuration = TokenizerConfiguration()
            for name in ["special_tokens_map.json", "tokenizer_config.json"] {
                let url = file.deletingLastPathComponent().appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: url.path) {
                    configuration = configuration.filling(
                        from: try TokenizerLoader.decode(TokenizerConfiguration.self, from: url))
                }
            }
            let decoded = try TokenizerLoader.loadDecoded(data, file: file, configuration: configuration)
            guard let scanned = TokenizerLoader.loadScanned(data, file: file, configuration: configuration) else {
                // Unigram vocabularies are lists, which the split leaves to the decoder.
                XCTAssertTrue(decoded is UnigramTokenizer, "\(file.path) was not scanned")
                continue
            }
            scannedCount += 1
            let name = file.deletingLastPathComponent().lastPathComponent
            XCTAssertEqual(scanned.vocabularySize, decoded.vocabularySize, name)
            XCTAssertEqual(scanned.specialTokens, decoded.specialTokens, name)
            for id in 0..<decoded.vocabularySize {
                let token = decoded.token(forID: id)
                XCTAssertEqual(scanned.token(forID: id), token, "\(name) id \(id)")
                if let token { XCTAssertEqual(scanned.id(forToken: token), decoded.id(forToken: token), name) }
            }
            for text in texts {
                XCTAssertEqual(scanned.encode(text), decoded.encode(text), "\(name): \(text.prefix(40))")
            }
        }
        XCTAssertGreaterThanOrEqual(scannedCount, 10)
    }

    func testSplitReadsEntriesInFileOrderAndLeavesTheRest() throws {
        let json = #"""
            {"added_tokens": [{"id": 0, "content": "{\"vocab\""}], "model" : {"type": "WordPiece",
             "vocab" : { "b": 1 , "a\u00e9\ud83d\ude00\n\\\/": 0, "-": -0, "b": 12 }, "unk_token": "[UNK]"}}
            """#
        let split = try XCTUnwrap(VocabularySplit(Data(json.utf8)))
        XCTAssertEqual(split.entries.map(\.token), ["b", "a\u{E9}\u{1F600}\n\\/", "-", "b"])
        XCTAssertEqual(split.entries.map(\.id), [1, 0, 0, 12])
        XCTAssertEqual(
            String(decoding: split.remainder, as: UTF8.self),
            json.replacingOccurrences(
                of: #"{ "b": 1 , "a\u00e9\ud83d\ude00\n\\\/": 0, "-": -0, "b": 12 }"#, with: "{}"))
    }

    func testSplitRefusesWhatStrictJSONOrTheDecoderReadsOtherwise() {
        for vocabulary in [
            #"{"a\u0001": 0}"#.replacingOccurrences(of: "\\u0001", with: "\u{1}"),  // raw control character
            #"{"a\x": 0}"#,  // not a JSON escape
            #"{"\ud800": 0}"#,  // lone surrogate
            #"{"\u12G4": 0}"#,
            #"{"a": 1.0}"#, #"{"a": 1e2}"#, #"{"a": 01}"#, #"{"a": -}"#, #"{"a": 1234567890123456789012}"#,
            #"{"a": "1"}"#, #"{"a": 0,}"#, #"{"a" 0}"#, #"[["a", 0.0]]"#, #"{"a": 0"#,
        ] {
            let json = #"{"model": {"type": "WordPiece", "vocab": \#(vocabulary)}}"#
            XCTAssertNil(VocabularySplit(Data(json.utf8)), vocabulary)
        }
        for invalid: [UInt8] in [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC3, 0xA9, 0x80]] {
            for escaped in [false, true] {
                var json = Data(#"{"model": {"vocab": {"a\#(escaped ? "\n" : "")"#.utf8)
                json.append(contentsOf: invalid)
                json.append(contentsOf: #"": 0}}}"#.utf8)
                XCTAssertNil(VocabularySplit(json), "\(invalid)")
            }
        }
        XCTAssertNil(VocabularySplit(Data(#"{"model": {"vocab": {"a": 0}}, "model": {"vocab": {}}}"#.utf8)))
        XCTAssertNil(VocabularySplit(Data(#"{"model": {"vocab": {"a": 0}, "vocab": {}}}"#.utf8)))
        XCTAssertNil(VocabularySplit(Data(#"{"model": {"type": "WordPiece"}}"#.utf8)))
        XCTAssertNil(VocabularySplit(Data(#"[{"model": {"vocab": {}}}]"#.utf8)))
        XCTAssertNotNil(VocabularySplit(Data(#"{"model": {"vocab": {}}}"#.utf8)))
    }

    /// Two entries that are one Swift string (`"Å"` U+00C5 and U+212B) take the decoder's route, which keeps them
    /// apart (``ExactVocabularyTests``); so does a repeated token.
    func testRepeatedTokensTakeTheDecodedRoute() throws {
        for (rest, scanned) in [
            (#""\u00c5": 4, "\u212b": 5"#, false), (#""a": 4, "a": 5, "b": 6"#, false), (#""a": 4, "b": 5"#, true),
        ] {
            let json = #"""
                {"pre_tokenizer": {"type": "BertPreTokenizer"}, "post_processor": null,
                 "model": {"type": "WordPiece", "unk_token": "[UNK]",
                           "vocab": {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, \#(rest)}}}
                """#
            let file = URL(fileURLWithPath: "/tmp/tokenizer.json")
            XCTAssertNotNil(VocabularySplit(Data(json.utf8)))
            let tokenizer = TokenizerLoader.loadScanned(Data(json.utf8), file: file, configuration: .init())
            XCTAssertEqual(tokenizer != nil, scanned, rest)
        }
    }
}
