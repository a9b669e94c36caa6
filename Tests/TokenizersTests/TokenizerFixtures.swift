import Foundation
import XCTest

@testable import Tokenizers

/// Locates and decodes the Python-generated fixtures in `Tests/Fixtures/tokenizers`
/// (written by `Scripts/reference/tokenizer_fixtures.py`).
enum TokenizerFixtures {
    /// The repository root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Tests/Fixtures/tokenizers`.
    static let directory = repositoryRoot.appendingPathComponent("Tests/Fixtures/tokenizers")

    /// The real all-MiniLM-L6-v2 model directory (after `bash Scripts/fetch-base-model.sh`).
    static let baseModelDirectory = repositoryRoot.appendingPathComponent(".cache/models/all-MiniLM-L6-v2")

    /// Thrown when the base model is required (`DOSSIER_REQUIRE_BASE_MODEL=1`) but absent, so the test fails.
    struct MissingBaseModel: Error, CustomStringConvertible {
        var description: String
    }

    /// The base model directory; a skip when it is absent, or a failure when `DOSSIER_REQUIRE_BASE_MODEL=1`.
    static func requireBaseModel() throws -> URL {
        let tokenizerFile = baseModelDirectory.appendingPathComponent("tokenizer.json")
        if FileManager.default.fileExists(atPath: tokenizerFile.path) { return baseModelDirectory }
        let message = "base model missing at \(baseModelDirectory.path): run bash Scripts/fetch-base-model.sh"
        if ProcessInfo.processInfo.environment["DOSSIER_REQUIRE_BASE_MODEL"] == "1" {
            throw MissingBaseModel(description: message)
        }
        throw XCTSkip(message)
    }

    /// One expected file: the cases of one tokenizer.
    struct Expected: Decodable {
        var tokenizer: String
        var cases: [Case]
        /// tiny-wordpiece: its vocabulary in id order.
        var vocabulary: [String]?
        /// tiny-wordpiece: the same vocabulary under other normaliser options.
        var variants: [Variant]?
    }

    struct Variant: Decodable {
        var lowercase: Bool
        var stripAccents: Bool?
        var cases: [Case]
    }

    struct Case: Decodable {
        var name: String
        var text: String
        /// `tokenizer.encode(text, add_special_tokens=False)`.
        var plain: ExpectedEncoding
        /// `tokenizer.encode(text, add_special_tokens=True)`; `null` for the over-long text.
        var withSpecialTokens: ExpectedEncoding?
        /// `tokenizer(text, truncation=True, max_length=n)`.
        var truncated: [Truncation]
    }

    struct Truncation: Decodable {
        var maxLength: Int
        var encoding: ExpectedEncoding
    }

    struct ExpectedEncoding: Decodable {
        var ids: [Int]
        var tokens: [String]
        var offsets: [[Int]]
        var special: [Bool]
    }

    /// Decodes `<name>.expected.json`.
    static func expected(_ name: String) throws -> Expected {
        let url = directory.appendingPathComponent("\(name).expected.json")
        return try JSONDecoder().decode(Expected.self, from: Data(contentsOf: url))
    }

    /// Asserts that `actual` equals the reference encoding exactly; the failure names the case, the first token
    /// that differs, both values, and the number of differing tokens.
    static func assertEqual(
        _ actual: Encoding, _ expected: ExpectedEncoding, _ label: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let expectedOffsets = expected.offsets.map { $0[0]..<$0[1] }
        if actual.ids == expected.ids && actual.tokens == expected.tokens && actual.offsets == expectedOffsets
            && actual.isSpecial == expected.special
        {
            return
        }
        let count = max(actual.count, expected.ids.count)
        var differing: [Int] = []
        for index in 0..<count {
            let same =
                index < actual.count && index < expected.ids.count && actual.ids[index] == expected.ids[index]
                && actual.tokens[index] == expected.tokens[index] && actual.offsets[index] == expectedOffsets[index]
                && actual.isSpecial[index] == expected.special[index]
            if !same { differing.append(index) }
        }
        func describe(_ index: Int, _ ids: [Int], _ tokens: [String], _ offsets: [Range<Int>], _ special: [Bool])
            -> String
        {
            guard index < ids.count else { return "(none)" }
            return "\(ids[index]) '\(tokens[index])' \(offsets[index])\(special[index] ? " special" : "")"
        }
        let first = differing.first ?? 0
        XCTFail(
            "\(label): \(differing.count) of \(count) tokens differ (lengths \(actual.count) vs \(expected.ids.count));"
                + " first at #\(first): got \(describe(first, actual.ids, actual.tokens, actual.offsets, actual.isSpecial)),"
                + " expected \(describe(first, expected.ids, expected.tokens, expectedOffsets, expected.special))",
            file: file, line: line)
    }

    /// Checks every case of `expected` against `tokenizer`: plain, with special tokens, and truncated.
    static func check(
        _ tokenizer: any Tokenizer, against cases: [Case], label: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        for testCase in cases {
            assertEqual(
                tokenizer.encode(testCase.text), testCase.plain, "\(label) '\(testCase.name)' plain", file: file,
                line: line)
            if let withSpecial = testCase.withSpecialTokens {
                assertEqual(
                    tokenizer.encode(testCase.text, addSpecialTokens: true, maxLength: nil), withSpecial,
                    "\(label) '\(testCase.name)' with special tokens", file: file, line: line)
            }
            for truncation in testCase.truncated {
                assertEqual(
                    tokenizer.encode(testCase.text, addSpecialTokens: true, maxLength: truncation.maxLength),
                    truncation.encoding, "\(label) '\(testCase.name)' truncated at \(truncation.maxLength)",
                    file: file, line: line)
            }
        }
    }
}
