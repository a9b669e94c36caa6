import Foundation
import Models
import Tensors
import XCTest

@testable import Attribution

/// The quick trust check and the window cache, on the real MiniLM (seeded head).
final class TrustCheckTests: XCTestCase {
    func testCachedWindowsGiveTheSameLogitsAndAreNotRunAgain() throws {
        let directory = try AttributionFixtures.assembledMiniLM()
        defer { try? FileManager.default.removeItem(at: directory) }
        let explainer = try Explainer.load(directory: directory)
        let sentence = "The applicant, employed for 7 years, requests $25,000; two payments were missed in 2023. "
        var options = Explainer.Options(windowSize: 126, windowStride: 63)
        options.faithfulness = false
        let explanation = try explainer.explain(String(repeating: sentence, count: 12), options: options)
        XCTAssertGreaterThanOrEqual(explanation.windows.count, 3)
        let ids = explanation.tokens.map(\.id)
        // The document itself, and the document with its last token removed (only the last window changes).
        let documents = [ids, Array(ids.dropLast())]
        let plain = try explainer.predict(documents: documents, windowSize: 126, stride: 63)
        let cache = WindowLogitsCache(explanation: explanation)
        let cached = try explainer.predict(documents: documents, windowSize: 126, stride: 63, cache: cache)
        for (a, b) in zip(plain.joined(), cached.joined()) { XCTAssertEqual(a, b, accuracy: 1e-5) }
        // Every window of the document came from the explanation; of the shortened one, those with other ids ran.
        let original = Set(WindowPlan(tokenCount: ids.count, size: 126, stride: 63).ranges.map { Array(ids[$0]) })
        let shortened = WindowPlan(tokenCount: ids.count - 1, size: 126, stride: 63).ranges.map { Array(ids[$0]) }
        let new = Set(shortened.filter { !original.contains($0) }).count
        XCTAssertGreaterThan(new, 0)
        XCTAssertLessThan(new, shortened.count)
        XCTAssertEqual(cache.misses, new, "windows run: \(cache.misses)")
        // Each distinct window is looked up once per call: the shared ones are already known when the shortened
        // document comes.
        XCTAssertEqual(cache.hits, original.count)
    }

    func testRemovingTheReasonsIsComparedWithRandomRemovals() throws {
        let directory = try AttributionFixtures.assembledMiniLM()
        defer { try? FileManager.default.removeItem(at: directory) }
        let explainer = try Explainer.load(directory: directory)
        let text = "Income is stable. Two payments were missed last year. The applicant owns a car. Thanks."
        var options = Explainer.Options()
        options.faithfulness = false
        let explanation = try explainer.explain(text, options: options)
        let reasons = PrincipalReasons.find(text: text, words: explanation.words)
        XCTAssertFalse(reasons.isEmpty)
        let check = try explainer.checkTrust(explanation: explanation, reasons: reasons, draws: 3, seed: 7)
        XCTAssertEqual(check.randomSeeds, [7, 8, 9])
        XCTAssertEqual(check.randomRemovals.count, 3)
        XCTAssertEqual(check.reasonWords, reasons.map { $0.lastWord - $0.firstWord }.reduce(0, +))
        XCTAssertEqual(check.fullProbability, explanation.prediction.probabilities[explanation.prediction.target])
        // Known answer for "only the reasons": the same as predicting the reasons' own tokens.
        let reasonTokens = reasons.sorted { $0.firstWord < $1.firstWord }.flatMap { reason in
            (reason.firstWord..<reason.lastWord).flatMap { w in
                explanation.words[w].tokenStart..<explanation.words[w].tokenEnd
            }
        }.sorted().map { explanation.tokens[$0].id }
        let size = explanation.document.windowSize
        let direct = try explainer.predict(documents: [reasonTokens], windowSize: size, stride: size / 2)[0]
        let top = direct.max() ?? 0
        let exps = direct.map { Foundation.exp($0 - top) }
        let p = exps[explanation.prediction.target] / exps.reduce(0, +)
        XCTAssertEqual(check.onlyReasons.probability, p, accuracy: 1e-5)
        // The same seed gives the same draws.
        let again = try explainer.checkTrust(explanation: explanation, reasons: reasons, draws: 3, seed: 7)
        XCTAssertEqual(again, check)
    }
}

/// A model that overflows is an error naming it, never a number on a page.
final class NonFiniteModelTests: XCTestCase {
    func testOverflowingLogitsAreAnErrorNamingTheModel() throws {
        var (model, tokenizer) = try KnownAnswerModel.make()
        model.updateParameters { name, tensor in
            if name == "classifier.weight" {
                tensor = Tensor(
                    shape: tensor.shape, scalars: [Float](repeating: .greatestFiniteMagnitude, count: tensor.count))
            }
        }
        let explainer = Explainer(
            model: model, tokenizer: tokenizer, directory: URL(fileURLWithPath: "/models/overflowing"))
        XCTAssertThrowsError(try explainer.explain("the borrower has a stable income .")) { error in
            let message = String(describing: error)
            XCTAssertTrue(message.hasPrefix("/models/overflowing: the model produced a non-finite number"), message)
        }
    }
}
