import Foundation
import XCTest

@testable import Tokenizers

/// Unigram tokenizer.json files built inline: known answers, and malformed files whose errors name the file and
/// the field.
final class UnigramDefinitionTests: XCTestCase {
    private var file: URL!

    override func setUpWithError() throws {
        file = FileManager.default.temporaryDirectory.appendingPathComponent("unigram-\(UUID().uuidString).json")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: file)
    }

    /// A tokenizer.json with the given stages around a small vocabulary (`<unk>` = 0, `a`, `b`, `c`, `d`, `cd`,
    /// `ab`, `abc`, `abcd`, `▁a`), as `tokenizers`' own `Unigram` doc example plus a metaspace piece.
    private func json(
        normalizer: String = "null", preTokenizer: String = "null",
        model: String = """
        {"type": "Unigram", "unk_id": 0, "byte_fallback": false,
         "vocab": [["<unk>", 0.0], ["a", 0.0], ["b", 0.0], ["c", 0.0], ["d", 0.0], ["cd", 1.0], ["ab", 2.0],
                   ["abc", 5.0], ["abcd", 10.0], ["\\u2581a", 1.5]]}
        """
    ) -> String {
        """
        {"added_tokens": [], "normalizer": \(normalizer), "pre_tokenizer": \(preTokenizer),
         "post_processor": null, "model": \(model)}
        """
    }

    /// The pipeline of `text` (the loader would also want `<s>`, `</s>` and `<pad>` in the vocabulary).
    private func load(_ text: String) throws -> TokenizationPipeline {
        try text.write(to: file, atomically: true, encoding: .utf8)
        return try TokenizationPipeline(
            definition: TokenizerLoader.decode(TokenizerDefinition.self, from: file), file: file)
    }

    private func loadError(_ text: String, line: UInt = #line) -> TokenizerError? {
        do {
            _ = try load(text)
            XCTFail("loading succeeded", line: line)
            return nil
        } catch let error as TokenizerError {
            XCTAssertTrue(error.description.contains(file.path), "\(error) does not name the file", line: line)
            return error
        } catch {
            XCTFail("untyped error \(error)", line: line)
            return nil
        }
    }

    private func detail(_ error: TokenizerError?) -> String {
        switch error {
        case .malformedJSON(_, let detail)?, .malformedVocabulary(_, let detail)?: return detail
        case let other?: return other.description
        case nil: return ""
        }
    }

    // MARK: - Known answers

    func testViterbiKnownAnswerWithFusedUnknowns() throws {
        // `tokenizers`' doc example: "abcdacdxx" → abcd, a, cd, xx (the two unknown x fused into one token).
        let encoding = try load(json()).encode("abcdacdxx")
        XCTAssertEqual(encoding.tokens, ["abcd", "a", "cd", "xx"])
        XCTAssertEqual(encoding.ids, [8, 1, 5, 0])
        XCTAssertEqual(encoding.offsets, [0..<4, 4..<5, 5..<7, 7..<9])
    }

    func testMetaspaceSchemesAndSplit() throws {
        // Reference answers from `tokenizers` 0.23.3 with the same vocabulary.
        func encode(_ metaspace: String, _ text: String) throws -> Encoding {
            try load(json(preTokenizer: metaspace)).encode(text)
        }
        let always = #"{"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true}"#
        XCTAssertEqual(try encode(always, "ab a").tokens, ["▁a", "b", "▁a"])
        XCTAssertEqual(try encode(always, "ab a").offsets, [0..<1, 1..<2, 2..<4])
        // Every split is segmented on its own: the unknown `▁`s are not fused across splits.
        XCTAssertEqual(try encode(always, "ab  ▁a ").tokens, ["▁a", "b", "▁", "▁", "▁a", "▁"])
        XCTAssertEqual(try encode(always, "ab  ▁a ").offsets, [0..<1, 1..<2, 2..<3, 3..<4, 4..<6, 6..<7])
        let never = #"{"type": "Metaspace", "replacement": "▁", "prepend_scheme": "never", "split": true}"#
        XCTAssertEqual(try encode(never, "ab a").tokens, ["ab", "▁a"])
        let legacy = #"{"type": "Metaspace", "replacement": "▁", "add_prefix_space": false, "prepend_scheme": "never"}"#
        XCTAssertEqual(try encode(legacy, "ab a").tokens, ["ab", "▁a"])
        let unsplit = #"{"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first", "split": false}"#
        XCTAssertEqual(try encode(unsplit, "a ab").tokens, ["▁a", "▁a", "b"])
        XCTAssertEqual(try encode(unsplit, "a ab").offsets, [0..<1, 1..<3, 3..<4])
    }

    func testFuzzSeedMatchesReference() throws {
        // The Unigram seed of the FuzzTokenizer corpus: Replace (string and regex), Strip, NFKC, WhitespaceSplit,
        // Metaspace "first", byte fallback without every byte piece, and a Viterbi tie (▁ + ab against ▁a + b,
        // both −4: the path found first wins). Reference from `tokenizers` 0.23.3.
        let seed = TokenizerFixtures.repositoryRoot.appendingPathComponent(
            "Fuzz/Corpus/FuzzTokenizer/tokenizer-json-unigram-small")
        let pipeline = try load(String(decoding: try Data(contentsOf: seed).dropFirst(), as: UTF8.self))
        let encoding = pipeline.encode("ab  a``é x")
        XCTAssertEqual(encoding.tokens, ["▁", "ab", "▁a", "\"é", "x"])
        XCTAssertEqual(encoding.ids, [4, 10, 6, 3, 3])
        XCTAssertEqual(encoding.offsets, [0..<1, 0..<2, 3..<5, 6..<8, 9..<10])
    }

    func testPunctuationBehaviors() throws {
        // Reference splits from `tokenizers` 0.23.3: `Punctuation(behavior=...).pre_tokenize_str("a,,b!c .d,")`.
        let expected: [(String, [Range<Int>])] = [
            ("Removed", [0..<1, 3..<4, 5..<7, 8..<9]),
            ("Isolated", [0..<1, 1..<2, 2..<3, 3..<4, 4..<5, 5..<7, 7..<8, 8..<9, 9..<10]),
            ("MergedWithPrevious", [0..<2, 2..<3, 3..<5, 5..<8, 8..<10]),
            ("MergedWithNext", [0..<1, 1..<2, 2..<4, 4..<7, 7..<9, 9..<10]),
            ("Contiguous", [0..<1, 1..<3, 3..<4, 4..<5, 5..<7, 7..<8, 8..<9, 9..<10]),
        ]
        let text = "a,,b!c .d,"
        let scalars = Array(text.unicodeScalars)
        for (name, ranges) in expected {
            let behavior = try XCTUnwrap(SplitDelimiterBehavior(rawValue: name))
            var output: [TextSplit] = []
            PunctuationPreTokenizer(behavior: behavior).split(
                TextSplit(text: NormalizedText(identityOf: scalars, range: 0..<scalars.count), originalStart: 0),
                into: &output)
            XCTAssertEqual(output.map { $0.text.originalRange(of: 0..<$0.text.count) }, ranges, name)
        }
        let error = loadError(json(preTokenizer: #"{"type": "Punctuation", "behavior": "isolated"}"#))
        XCTAssertTrue(detail(error).contains("pre_tokenizer.behavior 'isolated'"), detail(error))
    }

    // MARK: - Malformed files

    func testScoreThatIsNotANumberNamesTheField() {
        let error = loadError(json(model: #"{"type": "Unigram", "unk_id": 0, "vocab": [["<unk>", "zero"]]}"#))
        guard case .malformedJSON? = error else {
            return XCTFail("expected malformedJSON, got \(String(describing: error))")
        }
        XCTAssertTrue(detail(error).contains("model.vocab"), detail(error))
    }

    func testPieceWithoutScoreIsReported() {
        let error = loadError(json(model: #"{"type": "Unigram", "unk_id": 0, "vocab": [["<unk>"]]}"#))
        XCTAssertTrue(detail(error).contains("model.vocab"), detail(error))
    }

    func testUnknownIDOutsideTheVocabularyIsReported() {
        let error = loadError(json(model: #"{"type": "Unigram", "unk_id": 7, "vocab": [["<unk>", 0.0]]}"#))
        guard case .malformedVocabulary? = error else { return XCTFail("got \(String(describing: error))") }
        XCTAssertTrue(detail(error).contains("unk_id 7"), detail(error))
    }

    func testMissingUnknownIDIsRefused() {
        let error = loadError(json(model: #"{"type": "Unigram", "unk_id": null, "vocab": [["a", 0.0]]}"#))
        guard case .unsupportedComponent(_, let type, _)? = error else {
            return XCTFail("got \(String(describing: error))")
        }
        XCTAssertTrue(type.contains("unk_id"), type)
    }

    func testEmptyVocabularyIsReported() {
        let error = loadError(json(model: #"{"type": "Unigram", "unk_id": 0, "vocab": []}"#))
        guard case .malformedVocabulary? = error else { return XCTFail("got \(String(describing: error))") }
    }

    func testBadBase64CharsmapNamesTheField() {
        let error = loadError(json(normalizer: #"{"type": "Precompiled", "precompiled_charsmap": "not base64!"}"#))
        guard case .malformedJSON? = error else { return XCTFail("got \(String(describing: error))") }
        XCTAssertTrue(detail(error).contains("normalizer.precompiled_charsmap"), detail(error))
        XCTAssertTrue(detail(error).contains("base64"), detail(error))
    }

    func testTruncatedCharsmapInsideASequenceNamesItsPath() {
        // 0xE8 0x03 0 0 declares a 1000-byte trie; nothing follows.
        let normalizer = """
            {"type": "Sequence", "normalizers": [{"type": "Lowercase"},
              {"type": "Precompiled", "precompiled_charsmap": "6AMAAA=="}]}
            """
        let error = loadError(json(normalizer: normalizer))
        XCTAssertTrue(detail(error).contains("normalizer.normalizers[1].precompiled_charsmap"), detail(error))
        XCTAssertTrue(detail(error).contains("1000-byte trie"), detail(error))
    }

    func testMissingCharsmapIsReported() {
        let error = loadError(json(normalizer: #"{"type": "Precompiled"}"#))
        XCTAssertTrue(detail(error).contains("precompiled_charsmap"), detail(error))
    }

    func testUnknownPrependSchemeNamesTheField() {
        let error = loadError(
            json(
                preTokenizer: """
                    {"type": "Sequence", "pretokenizers": [{"type": "WhitespaceSplit"},
                      {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "sometimes"}]}
                    """))
        guard case .malformedJSON? = error else { return XCTFail("got \(String(describing: error))") }
        XCTAssertTrue(
            detail(error).contains("pre_tokenizer.pretokenizers[1].prepend_scheme 'sometimes'"), detail(error))
    }

    func testContradictoryLegacyPrefixSpaceIsReported() {
        // As in `tokenizers`: `add_prefix_space: false` needs `prepend_scheme: "never"` (the default is "always").
        for scheme in [#", "prepend_scheme": "always""#, ""] {
            let error = loadError(
                json(preTokenizer: #"{"type": "Metaspace", "replacement": "▁", "add_prefix_space": false\#(scheme)}"#))
            XCTAssertTrue(detail(error).contains("pre_tokenizer.add_prefix_space"), detail(error))
        }
    }

    func testReplacementOfTwoCharactersIsReported() {
        let error = loadError(json(preTokenizer: #"{"type": "Metaspace", "replacement": "__"}"#))
        XCTAssertTrue(detail(error).contains("pre_tokenizer.replacement"), detail(error))
    }

    func testUnsupportedStagesAreNamed() {
        let preTokenizer = loadError(json(preTokenizer: #"{"type": "Digits", "individual_digits": true}"#))
        guard case .unsupportedComponent(let component, let type, let reported)? = preTokenizer else {
            return XCTFail("got \(String(describing: preTokenizer))")
        }
        XCTAssertEqual(type, "Digits")
        XCTAssertEqual(reported, file)
        XCTAssertTrue(component.contains("pre-tokenizer"), component)

        let normalizer = loadError(
            json(normalizer: #"{"type": "Sequence", "normalizers": [{"type": "NFC"}, {"type": "Nmt"}]}"#))
        guard case .unsupportedComponent(let normalizerComponent, "Nmt", file)? = normalizer else {
            return XCTFail("got \(String(describing: normalizer))")
        }
        XCTAssertTrue(normalizerComponent.contains("normalizer.normalizers[1]"), normalizerComponent)
    }

    func testBadRegexNamesThePattern() {
        let error = loadError(
            json(normalizer: #"{"type": "Replace", "pattern": {"Regex": "(unclosed"}, "content": " "}"#))
        guard case .malformedJSON? = error else { return XCTFail("got \(String(describing: error))") }
        XCTAssertTrue(detail(error).contains("normalizer.pattern.Regex '(unclosed'"), detail(error))
    }
}
