import Foundation
import XCTest

@testable import Tokenizers

/// Tokenising a 10,000-word document must take well under 100 ms in an optimised build.
final class TokenizerPerformanceTests: XCTestCase {
    /// About 10,000 words of mixed text (accents, punctuation, CJK, emoji) built from the fixture texts.
    private func document() throws -> String {
        struct Entry: Decodable {
            var name: String
            var text: String
        }
        let url = TokenizerFixtures.directory.appendingPathComponent("texts.json")
        let texts = try JSONDecoder().decode([Entry].self, from: Data(contentsOf: url)).map(\.text)
        var words: [Substring] = []
        while words.count < 10_000 {
            for text in texts { words.append(contentsOf: text.split(whereSeparator: \.isWhitespace)) }
        }
        return words.prefix(10_000).joined(separator: " ")
    }

    private func measureMilliseconds(_ tokenizer: any Tokenizer, _ text: String) -> (Double, Int) {
        var best = Double.infinity
        var count = 0
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            count = tokenizer.encode(text).count
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        return (best, count)
    }

    private func check(_ name: String, _ tokenizer: any Tokenizer) throws {
        let text = try document()
        let (milliseconds, count) = measureMilliseconds(tokenizer, text)
        print("\(name): 10,000 words → \(count) tokens in \(String(format: "%.1f", milliseconds)) ms")
        #if DEBUG
            // Unoptimised builds are 10–50× slower; only the release build is held to the budget.
            XCTAssertGreaterThan(count, 10_000)
        #else
            XCTAssertLessThan(milliseconds, 100, "\(name): 10,000 words took \(milliseconds) ms")
        #endif
    }

    func testTinyWordPieceSpeed() throws {
        try check(
            "tiny-wordpiece",
            TokenizerLoader.load(directory: TokenizerFixtures.directory.appendingPathComponent("tiny-wordpiece")))
    }

    func testTinyBPESpeed() throws {
        try check(
            "tiny-bpe", TokenizerLoader.load(directory: TokenizerFixtures.directory.appendingPathComponent("tiny-bpe")))
    }

    func testTinyUnigramSpeed() throws {
        for name in ["tiny-unigram", "tiny-unigram-deberta", "tiny-unigram-byte-fallback"] {
            try check(name, TokenizerLoader.load(directory: TokenizerFixtures.directory.appendingPathComponent(name)))
        }
    }

    func testAllMiniLMLoadTime() throws {
        let directory = try TokenizerFixtures.requireBaseModel()
        let start = DispatchTime.now().uptimeNanoseconds
        let tokenizer = try TokenizerLoader.load(directory: directory)
        let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        print("all-MiniLM-L6-v2: tokenizer.json (30,522 tokens) loaded in \(String(format: "%.1f", milliseconds)) ms")
        XCTAssertEqual(tokenizer.vocabularySize, 30522)
        #if !DEBUG
            XCTAssertLessThan(milliseconds, 1000, "loading all-MiniLM-L6-v2's tokenizer took \(milliseconds) ms")
        #endif
    }

    func testAllMiniLMSpeed() throws {
        try check("all-MiniLM-L6-v2", TokenizerLoader.load(directory: TokenizerFixtures.requireBaseModel()))
    }
}
