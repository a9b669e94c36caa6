import Foundation
import Models
import XCTest

@testable import Attribution

/// End to end on the real MiniLM (seeded head): windows, offsets, JSON.
final class ExplainerTests: XCTestCase {
    func testLongDocumentUsesOverlappingWindowsWithoutTruncation() throws {
        let directory = try AttributionFixtures.assembledMiniLM()
        defer { try? FileManager.default.removeItem(at: directory) }
        let explainer = try Explainer.load(directory: directory)
        let sentence = "The applicant, employed for 7 years, requests $25,000; two payments were missed in 2023. "
        let text = String(repeating: sentence, count: 40)
        var options = Explainer.Options(windowSize: 254, windowStride: 127)
        options.faithfulness = false
        let explanation = try explainer.explain(text, options: options)
        XCTAssertGreaterThan(explanation.document.tokens, 254)
        XCTAssertEqual(explanation.document.windowCount, explanation.windows.count)
        XCTAssertGreaterThanOrEqual(explanation.windows.count, 3)
        XCTAssertEqual(explanation.tokens.count, explanation.document.tokens, "every token reported")
        XCTAssertTrue(explanation.tokens.allSatisfy { $0.windows >= 1 }, "a token in no window")
        // Document logits are the mean of the window logits.
        for k in 0..<3 {
            let mean = explanation.windows.map { $0.logits[k] }.reduce(0, +) / Float(explanation.windows.count)
            XCTAssertEqual(explanation.prediction.logits[k], mean, accuracy: 1e-5)
        }
        // Offsets point into the original text.
        let scalars = Array(text.unicodeScalars)
        for word in explanation.words.prefix(30) {
            XCTAssertEqual(String(String.UnicodeScalarView(scalars[word.start..<word.end])), word.text)
        }
        XCTAssertEqual(explanation.words.prefix(3).map(\.text), ["The", "applicant,", "employed"])
    }

    func testJSONHasTheDocumentedKeys() throws {
        let directory = try AttributionFixtures.assembledMiniLM()
        defer { try? FileManager.default.removeItem(at: directory) }
        let explanation = try Explainer.load(directory: directory).explain(
            "We decline: missed payments and unpaid taxes.")
        let data = try JSONEncoder().encode(explanation)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(json["schemaVersion"] as? Int, 1)
        let window = try XCTUnwrap((json["windows"] as? [[String: Any]])?.first)
        for key in ["tokens", "logits", "rollout", "gradientWeighted", "rawAttention", "gradientTimesInput"] {
            XCTAssertNotNil(window[key], "window lacks \(key)")
        }
        let token = try XCTUnwrap((window["tokens"] as? [[String: Any]])?.first)
        XCTAssertEqual(Set(token.keys), ["id", "text", "start", "end", "special"])
        XCTAssertEqual(try JSONDecoder().decode(Explanation.self, from: data), explanation)
        let faithfulness = try XCTUnwrap(explanation.faithfulness)
        XCTAssertEqual(Set(faithfulness.methods.keys), Set(Explanation.methods.map(\.rawValue) + ["random"]))
        XCTAssertEqual(explanation.heads.count, 6 * 12)
        XCTAssertEqual(explanation.layers.count, 6)
    }

    func testBadWindowAndTargetAreClearErrors() throws {
        let (model, tokenizer) = try KnownAnswerModel.make()
        let explainer = Explainer(model: model, tokenizer: tokenizer, directory: URL(fileURLWithPath: "/k"))
        XCTAssertThrowsError(try explainer.explain("a loan", options: .init(windowSize: 100))) { error in
            XCTAssertEqual(error as? AttributionError, .invalidWindow(size: 100, stride: 50, maximum: 30))
        }
        XCTAssertThrowsError(try explainer.targetIndex("maybe")) { error in
            XCTAssertEqual(error as? AttributionError, .unknownTarget("maybe", labels: ["approve", "decline"]))
        }
        XCTAssertEqual(try explainer.targetIndex("decline"), 1)
        let empty = try explainer.explain("")
        XCTAssertEqual(empty.words, [])
        XCTAssertNil(empty.faithfulness)
    }
}
