import Foundation
import XCTest

/// The attribution fixtures of the families added for "bring your own model" (issue 15), with the checks and
/// tolerances of `MethodParityTests`.
extension MethodParityTests {
    func testTinyELECTRA() throws {
        try check(model: "tiny-electra", directory: AttributionFixtures.model("tiny-electra"))
    }

    func testTinyXLMRoBERTa() throws {
        try check(model: "tiny-xlm-roberta", directory: AttributionFixtures.model("tiny-xlm-roberta"))
    }
}

extension MethodParityTests {
    /// GPT-2: the chains start from the last token's row (the token `score` reads).
    func testTinyGPT2() throws {
        try check(model: "tiny-gpt2", directory: AttributionFixtures.model("tiny-gpt2"))
    }
}
