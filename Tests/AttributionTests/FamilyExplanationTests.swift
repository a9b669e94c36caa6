import Foundation
import Models
import Tokenizers
import XCTest

@testable import Attribution

/// The tiny models of the newer families explained end to end from their folders: `Explainer.load(directory:)`
/// reads `config.json`, the weights and `tokenizer.json` (Unigram for XLM-RoBERTa and DeBERTa, WordPiece for
/// ELECTRA, byte-level BPE for GPT-2 and ModernBERT), and the explanation's words cover the text.
final class FamilyExplanationTests: XCTestCase {
    /// Words, punctuation, accented and ligature characters and a number, in one window. (Byte-level BPE joins the
    /// words around a tab or a no-break space, as it always has: their byte token touches both.)
    private let text = "Hello, world! The applicant asks for a caf\u{E9} loan of 25,000 \u{FB01}ne \u{DC}ber-rates."

    /// The architecture each folder declares and the tokenizer it ships.
    private let models: [(name: String, architecture: String, unigram: Bool)] = [
        ("tiny-xlm-roberta", "xlm-roberta", true),
        ("tiny-deberta-v3", "deberta-v2", true),
        ("tiny-deberta-v2-separate", "deberta-v2", true),
        ("tiny-electra", "electra", false),
        ("tiny-gpt2", "gpt2", false),
        ("tiny-modernbert", "modernbert", false),
        ("tiny-modernbert-mean", "modernbert", false),
    ]

    func testEveryNewFamilyExplainsATextEndToEnd() throws {
        for model in models {
            let directory = AttributionFixtures.model(model.name)
            XCTAssertTrue(
                FileManager.default.fileExists(atPath: directory.appendingPathComponent("tokenizer.json").path),
                model.name)
            let explainer = try Explainer.load(directory: directory)
            XCTAssertEqual(explainer.tokenizer is UnigramTokenizer, model.unigram, model.name)
            let explanation = try explainer.explain(text, options: Explainer.Options(faithfulness: true))
            XCTAssertEqual(explanation.model.architecture, model.architecture, model.name)
            XCTAssertEqual(explanation.document.windowCount, 1, model.name)
            checkWords(explanation, explainer: explainer, name: model.name)
        }
    }

    /// An empty text: no words, finite logits (GPT-2, which adds no special tokens, reads its start token alone).
    func testEmptyTextHasNoWords() throws {
        for model in models {
            let explainer = try Explainer.load(directory: AttributionFixtures.model(model.name))
            let explanation = try explainer.explain("", options: Explainer.Options(faithfulness: true))
            XCTAssertEqual(explanation.words, [], model.name)
            XCTAssertTrue(explanation.prediction.logits.allSatisfy(\.isFinite), model.name)
        }
    }

    /// A one-word text: deleting its only word (comprehensiveness) leaves an empty document, which must still run.
    func testOneWordTextRunsTheFaithfulnessChecks() throws {
        for model in models {
            let explainer = try Explainer.load(directory: AttributionFixtures.model(model.name))
            let explanation = try explainer.explain("loan", options: Explainer.Options(faithfulness: true))
            XCTAssertEqual(explanation.words.map(\.text), ["loan"], model.name)
            XCTAssertNotNil(explanation.faithfulness, model.name)
        }
    }

    /// Words in order, not overlapping, each the text of its range with no leading or trailing space; every
    /// non-space character inside a word or read by no token (reported); every score finite.
    private func checkWords(_ explanation: Explanation, explainer: Explainer, name: String) {
        let scalars = Array(text.unicodeScalars)
        let words = explanation.words
        XCTAssertFalse(words.isEmpty, name)
        for (a, b) in zip(words, words.dropFirst()) {
            XCTAssertLessThanOrEqual(a.end, b.start, "\(name): \(a.text) overlaps \(b.text)")
            XCTAssertLessThanOrEqual(a.tokenEnd, b.tokenStart, "\(name): \(a.text) and \(b.text) share tokens")
        }
        var inWord = [Bool](repeating: false, count: scalars.count)
        for word in words {
            XCTAssertLessThan(word.start, word.end, "\(name): empty word at \(word.start)")
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[word.start..<word.end])
            XCTAssertEqual(word.text, String(view), name)
            XCTAssertFalse(word.text.contains("\u{2581}"), "\(name): \(word.text)")
            XCTAssertEqual(
                word.text, word.text.trimmingCharacters(in: .whitespacesAndNewlines), "\(name): \(word.text)")
            for i in word.start..<word.end { inWord[i] = true }
            for method in Explanation.methods {
                XCTAssertTrue(word.scores[method]?.isFinite == true, "\(name): \(method) of \(word.text)")
            }
        }
        var read = [Bool](repeating: false, count: scalars.count)
        for token in explanation.tokens {
            for i in token.start..<token.end { read[i] = true }
            for method in Explanation.methods {
                XCTAssertTrue(token.scores[method]?.isFinite == true, "\(name): \(method) of token \(token.text)")
            }
        }
        var unread: [Int] = []
        for (i, scalar) in scalars.enumerated() where !scalar.properties.isWhitespace && !inWord[i] {
            if read[i] {
                XCTFail("\(name): character \(i) '\(scalar)' is read by a token but in no word")
            } else {
                unread.append(i)
            }
        }
        XCTAssertEqual(unread, [], "\(name): characters no token reads")
        let expectedWords = [
            "Hello,", "world!", "The", "applicant", "asks", "for", "a", "caf\u{E9}", "loan", "of", "25,000",
            "\u{FB01}ne", "\u{DC}ber-rates.",
        ]
        XCTAssertEqual(words.map(\.text), expectedWords, name)
        XCTAssertTrue(explanation.prediction.logits.allSatisfy(\.isFinite), name)
        XCTAssertTrue(explanation.prediction.probabilities.allSatisfy(\.isFinite), name)
        for window in explanation.windows {
            for scores in [window.rollout, window.gradientWeighted, window.rawAttention, window.gradientTimesInput] {
                XCTAssertEqual(scores.count, window.tokens.count, name)
                XCTAssertTrue(scores.allSatisfy(\.isFinite), name)
            }
        }
        if let faithfulness = explanation.faithfulness {
            for curve in faithfulness.methods.values {
                XCTAssertTrue((curve.comprehensiveness + curve.sufficiency).allSatisfy(\.isFinite), name)
            }
        }
    }
}
