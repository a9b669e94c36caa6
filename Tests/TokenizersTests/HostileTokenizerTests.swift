import Foundation
import XCTest

@testable import Tokenizers

/// Token ids a hostile file can hold: each is a typed error naming the file, never a trap or a huge allocation.
final class HostileTokenizerTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-tok-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    private func write(_ text: String, to name: String) throws {
        try Data(text.utf8).write(to: directory.appendingPathComponent(name))
    }

    private func expectError(_ fragment: String, line: UInt = #line) {
        XCTAssertThrowsError(try TokenizerLoader.load(directory: directory), line: line) { error in
            guard let error = error as? TokenizerError else { return XCTFail("untyped \(error)", line: line) }
            XCTAssertTrue("\(error)".contains(fragment), "\(error)", line: line)
        }
    }

    private func wordPiece(vocabulary: String, addedTokens: String = "[]") -> String {
        """
        {"added_tokens": \(addedTokens), "normalizer": {"type": "BertNormalizer"},
         "pre_tokenizer": {"type": "BertPreTokenizer"},
         "model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": \(vocabulary)}}
        """
    }

    /// `Int.max` as an id overflowed `largest + 1` (a trap) while sizing the id table.
    func testLargestPossibleIDIsRejected() throws {
        try write(#"{"[UNK]": 0, "a": 9223372036854775807, "b": 1}"#, to: "vocab.json")
        try write("#version: 0.2\na b\n", to: "merges.txt")
        expectError("9223372036854775807")
        try FileManager.default.removeItem(at: directory.appendingPathComponent("vocab.json"))
        try write(wordPiece(vocabulary: #"{"[UNK]": 0, "hello": 9223372036854775807}"#), to: "tokenizer.json")
        expectError("9223372036854775807")
    }

    /// A billion as an id sized a table of a billion strings (gigabytes) for a two-token vocabulary.
    func testSparseIDsAreRejected() throws {
        try write(wordPiece(vocabulary: #"{"[UNK]": 0, "hello": 1000000000}"#), to: "tokenizer.json")
        expectError("ids must be dense")
    }

    /// Added tokens with ids outside what `tokenizers` stores (u32) made `vocabularySize` overflow.
    func testAddedTokenIDsOutOfRangeAreRejected() throws {
        for id in ["-1", "9223372036854775807"] {
            let added = #"[{"id": \#(id), "content": "[X]", "special": true}]"#
            try write(wordPiece(vocabulary: #"{"[UNK]": 0, "hello": 1}"#, addedTokens: added), to: "tokenizer.json")
            expectError("added token '[X]' has id \(id)")
        }
    }

    /// Real vocabularies with a few gaps (ids of removed tokens) still load.
    func testDenseVocabularyWithGapsLoads() throws {
        let entries = (0..<100).map { #""w\#($0)": \#($0 * 2)"# }.joined(separator: ", ")
        let special = #""[UNK]": 1, "[CLS]": 3, "[SEP]": 5, "[PAD]": 7, "[MASK]": 9"#
        try write(wordPiece(vocabulary: "{\(special), \(entries)}"), to: "tokenizer.json")
        XCTAssertEqual(try TokenizerLoader.load(directory: directory).vocabularySize, 199)
    }
}
