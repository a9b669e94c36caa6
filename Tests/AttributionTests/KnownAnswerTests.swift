import Foundation
import Models
import XCTest

@testable import Attribution

/// On a model whose decision depends on one word, every attention-based method must find that word, and
/// removing it must hurt the decision more than removing random words.
final class KnownAnswerTests: XCTestCase {
    private let text = "The borrower has stable income and a loan request. The borrower has a default on record."

    private func explainer() throws -> Explainer {
        let (model, tokenizer) = try KnownAnswerModel.make()
        return Explainer(model: model, tokenizer: tokenizer, directory: URL(fileURLWithPath: "/known-answer"))
    }

    func testTheDecidingWordDecides() throws {
        let explainer = try explainer()
        XCTAssertEqual(try explainer.explain(text).prediction.label, "decline")
        XCTAssertEqual(try explainer.explain("The borrower has stable income.").prediction.label, "approve")
    }

    func testEveryMethodRanksTheDecidingWordFirst() throws {
        let explanation = try explainer().explain(text)
        for method in [AttributionMethod.rollout, .gradientWeighted, .rawAttention] {
            let best = explanation.words.max { ($0.scores[method] ?? 0) < ($1.scores[method] ?? 0) }
            XCTAssertEqual(best?.text, "default", "\(method) ranks '\(best?.text ?? "")' first")
        }
        let phrase = explanation.phrases[.gradientWeighted]?.first
        XCTAssertEqual(phrase?.text, "default")
        // The phrase's character range points at the word in the original text.
        let scalars = Array(text.unicodeScalars)
        if let phrase {
            XCTAssertEqual(String(String.UnicodeScalarView(scalars[phrase.start..<phrase.end])), "default")
        }
    }

    func testComprehensivenessOfTheTrueWordBeatsRandom() throws {
        let explanation = try explainer().explain(text)
        let faithfulness = try XCTUnwrap(explanation.faithfulness)
        let gradient = try XCTUnwrap(faithfulness.methods["gradientWeighted"])
        let random = try XCTUnwrap(faithfulness.methods["random"])
        // Removing the top 1 % (one word: "default") flips the decision: a large drop in p(decline).
        XCTAssertGreaterThan(gradient.comprehensiveness[0], 0.3)
        XCTAssertGreaterThan(gradient.aopcComprehensiveness, random.aopcComprehensiveness)
        // Keeping only "default" keeps the decision: sufficiency near zero or negative.
        XCTAssertLessThan(gradient.sufficiency[0], 0.05)
    }
}
