import Foundation
import TestSupport
import Tokenizers
import XCTest

@testable import Attribution

/// Words of SentencePiece (Unigram + `Metaspace`) encodings, with the committed Unigram tokenizer fixtures: XLM-R
/// style (`tiny-unigram`: NFKC, whitespace split, a stand-alone `▁` with the next letter's offsets), DeBERTa style
/// (`tiny-unigram-deberta`: `▁` over the space itself) and byte fallback (`tiny-unigram-byte-fallback`). The
/// expected words were worked out from the tokens and offsets `tokenizers` gives for these texts.
final class SentencePieceWordTests: XCTestCase {
    private static let unigramFixtures = ["tiny-unigram", "tiny-unigram-deberta", "tiny-unigram-byte-fallback"]

    private func tokenizer(_ name: String) throws -> any Tokenizer {
        try TokenizerLoader.load(directory: Fixtures.root.appendingPathComponent("Tests/Fixtures/tokenizers/\(name)"))
    }

    private struct Expected: Equatable, CustomStringConvertible {
        var text: String
        var characters: Range<Int>
        var tokens: Range<Int>
        var description: String { "\"\(text)\" \(characters) tokens \(tokens)" }
    }

    private func words(_ text: String, _ tokenizer: any Tokenizer) -> [Expected] {
        let encoding = tokenizer.encode(text)
        let scalars = Array(text.unicodeScalars)
        return WordGrouping.wordSpans(
            tokens: encoding.tokens, offsets: encoding.offsets, scalars: scalars,
            sentencePiece: tokenizer is UnigramTokenizer
        ).map {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[$0.characters])
            return Expected(text: String(view), characters: $0.characters, tokens: $0.tokens)
        }
    }

    /// "Hello, world! Ünïcode ﬁne": four words in every style. DeBERTa's `▁` (6..<7) touches "Hello," and XLM-R's
    /// stand-alone `▁` has the offsets of "w"; NFKC splits "ﬁ" into `▁f` + `i`, both 22..<23; byte fallback spells
    /// "Ü" as two byte tokens.
    func testHelloWorldUnicodeLigature() throws {
        let text = "Hello, world! \u{DC}n\u{EF}code \u{FB01}ne"
        let names = ["Hello,", "world!", "\u{DC}n\u{EF}code", "\u{FB01}ne"]
        let characters = [0..<6, 7..<13, 14..<21, 22..<25]
        let tokens: [String: [Range<Int>]] = [
            "tiny-unigram": [0..<7, 7..<13, 13..<21, 21..<25],
            "tiny-unigram-deberta": [0..<7, 7..<13, 13..<21, 21..<25],
            "tiny-unigram-byte-fallback": [0..<7, 7..<13, 13..<22, 22..<26],
        ]
        for name in Self.unigramFixtures {
            let expected = (0..<4).map {
                Expected(text: names[$0], characters: characters[$0], tokens: tokens[name]?[$0] ?? 0..<0)
            }
            XCTAssertEqual(words(text, try tokenizer(name)), expected, name)
        }
    }

    /// Runs of spaces and tabs around and between words: the tabs (byte-fallback bytes) join the next word's tokens.
    func testSpacesAndTabs() throws {
        let text = "  a   b\t\tc  "
        let tokens: [String: [Range<Int>]] = [
            "tiny-unigram": [0..<2, 2..<4, 4..<6],
            "tiny-unigram-deberta": [0..<2, 2..<4, 4..<6],
            "tiny-unigram-byte-fallback": [0..<1, 1..<3, 3..<6],
        ]
        for name in Self.unigramFixtures {
            let expected = zip(["a", "b", "c"], [2..<3, 6..<7, 9..<10]).enumerated().map {
                Expected(text: $1.0, characters: $1.1, tokens: tokens[name]?[$0] ?? 0..<0)
            }
            XCTAssertEqual(words(text, try tokenizer(name)), expected, name)
        }
    }

    /// Compatibility characters NFKC spells as several tokens of one character (½ → `1` `⁄` `2`), and a CJK run.
    func testCompatibilityCharactersStayOneWord() throws {
        let text = "Caf\u{E9} au lait, \u{BD} x\u{B2} \u{682A}\u{5F0F}\u{4F1A}\u{793E}"
        let characters = [0..<4, 5..<7, 8..<13, 14..<15, 16..<18, 19..<23]
        let tokens: [String: [Range<Int>]] = [
            "tiny-unigram": [0..<3, 3..<6, 6..<12, 12..<16, 16..<19, 19..<21],
            "tiny-unigram-deberta": [0..<3, 3..<6, 6..<12, 12..<14, 14..<17, 17..<19],
            "tiny-unigram-byte-fallback": [0..<3, 3..<6, 6..<12, 12..<14, 14..<17, 17..<30],
        ]
        let scalars = Array(text.unicodeScalars)
        for name in Self.unigramFixtures {
            let expected = characters.enumerated().map { i, range in
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[range])
                return Expected(text: String(view), characters: range, tokens: tokens[name]?[i] ?? 0..<0)
            }
            XCTAssertEqual(words(text, try tokenizer(name)), expected, name)
        }
    }

    /// Every fixture text of the three Unigram tokenizers: words in order without overlap, none starting with
    /// whitespace or holding `▁` the text does not, and every non-whitespace character a token covers inside a word.
    func testEveryFixtureTextIsCoveredByOrderedWords() throws {
        struct Cases: Decodable {
            struct Case: Decodable { let text: String }
            let cases: [Case]
        }
        for name in Self.unigramFixtures {
            let tokenizer = try tokenizer(name)
            let url = Fixtures.root.appendingPathComponent("Tests/Fixtures/tokenizers/\(name).expected.json")
            for text in try JSONDecoder().decode(Cases.self, from: Data(contentsOf: url)).cases.map(\.text) {
                let encoding = tokenizer.encode(text)
                let scalars = Array(text.unicodeScalars)
                let spans = WordGrouping.wordSpans(
                    tokens: encoding.tokens, offsets: encoding.offsets, scalars: scalars, sentencePiece: true)
                XCTAssertTrue(tokenizer is UnigramTokenizer, name)
                for (a, b) in zip(spans, spans.dropFirst()) {
                    XCTAssertLessThanOrEqual(
                        a.tokens.upperBound, b.tokens.lowerBound, "\(name) \(text.debugDescription)")
                    XCTAssertLessThanOrEqual(
                        a.characters.upperBound, b.characters.lowerBound, "\(name) \(text.debugDescription)")
                }
                var inWord = [Bool](repeating: false, count: scalars.count)
                for span in spans {
                    for i in span.characters { inWord[i] = true }
                    if let first = span.characters.first {
                        XCTAssertFalse(scalars[first].properties.isWhitespace, "\(name) \(text.debugDescription)")
                    }
                }
                // Tokens outside every word are separators: `▁` alone or whitespace alone.
                let inSpans = Set(spans.flatMap { Array($0.tokens) })
                for i in encoding.offsets.indices where !inSpans.contains(i) {
                    let covered = scalars[encoding.offsets[i]]
                    XCTAssertTrue(
                        encoding.tokens[i] == "\u{2581}" || covered.allSatisfy(\.properties.isWhitespace),
                        "\(name) \(text.debugDescription): token \(i) \(encoding.tokens[i]) in no word")
                }
                for range in encoding.offsets {
                    for i in range where !scalars[i].properties.isWhitespace && scalars[i] != "\u{2581}" {
                        XCTAssertTrue(inWord[i], "\(name) \(text.debugDescription): character \(i) in no word")
                    }
                }
            }
        }
    }

    /// The rule before SentencePiece support, kept here as the reference for the other tokenizers: a new word
    /// wherever a token does not start exactly where the previous one ended.
    private func offsetRule(_ offsets: [Range<Int>]) -> [Range<Int>] {
        var words: [Range<Int>] = []
        var start = 0
        for i in offsets.indices.dropFirst() where offsets[i].lowerBound != offsets[i - 1].upperBound {
            words.append(start..<i)
            start = i
        }
        if !offsets.isEmpty { words.append(start..<offsets.count) }
        return words
    }

    /// WordPiece and byte-level BPE (`Ġ` with an empty range at the next word) group exactly as before, tokens and
    /// characters, on every fixture text whose tokens share no character. Where byte-level BPE cuts one
    /// character's bytes across tokens (emoji, `ﬁ`, fullwidth forms), those tokens are now one word instead of
    /// words of one character overlapping the next.
    func testWordPieceAndByteLevelWordsAreUnchanged() throws {
        struct Cases: Decodable {
            struct Case: Decodable { let text: String }
            let cases: [Case]
        }
        var sharing = 0
        for name in ["tiny-wordpiece", "tiny-bpe", "tiny-bpe-prefix-space"] {
            let tokenizer = try tokenizer(name)
            XCTAssertFalse(tokenizer is UnigramTokenizer, name)
            let url = Fixtures.root.appendingPathComponent("Tests/Fixtures/tokenizers/\(name).expected.json")
            for text in try JSONDecoder().decode(Cases.self, from: Data(contentsOf: url)).cases.map(\.text) {
                let encoding = tokenizer.encode(text)
                let offsets = encoding.offsets
                let spans = WordGrouping.wordSpans(
                    tokens: encoding.tokens, offsets: offsets, scalars: Array(text.unicodeScalars),
                    sentencePiece: false)
                XCTAssertEqual(spans.map(\.tokens), WordGrouping.wordRanges(offsets: offsets), name)
                for (a, b) in zip(spans, spans.dropFirst()) {
                    XCTAssertLessThanOrEqual(
                        a.characters.upperBound, b.characters.lowerBound, "\(name) \(text.debugDescription)")
                }
                if zip(offsets, offsets.dropFirst()).contains(where: { $1.lowerBound < $0.upperBound }) {
                    sharing += 1
                    continue
                }
                let reference = offsetRule(offsets)
                XCTAssertEqual(spans.map(\.tokens), reference, "\(name) \(text.debugDescription)")
                XCTAssertEqual(
                    spans.map(\.characters),
                    reference.map { offsets[$0.lowerBound].lowerBound..<offsets[$0.upperBound - 1].upperBound },
                    "\(name) \(text.debugDescription)")
            }
        }
        XCTAssertGreaterThan(sharing, 0, "no fixture text has byte-level tokens sharing a character")
        // "Hello, world!" as GPT-2 spells it: the `Ġ` of "world" is inside its token, a lone `Ġ` starts "This".
        let bpe = try tokenizer("tiny-bpe")
        XCTAssertEqual(words("Hello, world! This", bpe).map(\.text), ["Hello,", "world!", "This"])
        // "😍👍🏽" is five byte-level tokens sharing characters (10..<11 twice, 10..<12, 11..<13, 12..<13 twice):
        // one word, as "ﬁne" is.
        XCTAssertEqual(
            words("I love it \u{1F60D}\u{1F44D}\u{1F3FD} \u{FB01}ne", bpe).map(\.text),
            ["I", "love", "it", "\u{1F60D}\u{1F44D}\u{1F3FD}", "\u{FB01}ne"])
    }

    func testMetaspaceMarkerIsNotPunctuation() {
        XCTAssertTrue(Explainer.isPunctuation("\u{2581},"))
        XCTAssertTrue(Explainer.isPunctuation("\u{2581}!"))
        XCTAssertFalse(Explainer.isPunctuation("\u{2581}"))
        XCTAssertFalse(Explainer.isPunctuation("\u{2581}Hello"))
        XCTAssertTrue(Explainer.isPunctuation("\u{120},"))
    }
}
