import Foundation
import Models
import XCTest

@testable import Attribution

/// A ModernBERT classifier explained end to end: its whole length is one window, and every method gives finite
/// scores (the methods' numbers against PyTorch are in `MethodParityTests`).
final class ModernBERTExplanationTests: XCTestCase {
    func testDocumentUpToTheMaximumIsOneWindow() throws {
        let explainer = try Explainer.load(directory: AttributionFixtures.model("tiny-modernbert"))
        XCTAssertEqual(explainer.model.config.maxSequenceLength, 64)
        let text = String(repeating: "The applicant asks for a loan. ", count: 12)  // more than 62 content tokens
        let long = try explainer.explain(text, options: Explainer.Options(faithfulness: false))
        XCTAssertEqual(long.document.windowSize, 62, "the model's 64 positions minus <s> and </s>")
        XCTAssertGreaterThan(long.document.windowCount, 1)
        let short = try explainer.explain(
            "The applicant asks for a small loan for the bakery, which has a stable income.",
            options: Explainer.Options(faithfulness: false))
        XCTAssertEqual(short.document.windowCount, 1)
        XCTAssertEqual(short.model.architecture, "modernbert")
        for window in short.windows {
            let n = window.tokens.count
            for (method, scores) in [
                ("rollout", window.rollout), ("gradientWeighted", window.gradientWeighted),
                ("rawAttention", window.rawAttention), ("gradientTimesInput", window.gradientTimesInput),
            ] {
                XCTAssertEqual(scores.count, n, method)
                XCTAssertTrue(scores.allSatisfy(\.isFinite), method)
            }
        }
    }
}
