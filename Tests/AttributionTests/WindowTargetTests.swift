import Foundation
import TestSupport
import XCTest

@testable import Attribution

/// The multi-window explanation attributes each window toward the decision of the windows read so far and runs
/// again the windows the finished document overturns. Its scores must be exactly those of an explanation told the
/// label in advance, on a document whose windows disagree (so the rerun is exercised) and on one whose windows agree.
final class WindowTargetTests: XCTestCase {
    static let loanModel = Fixtures.root.appendingPathComponent("Samples/Models/loan-decision")
    static let documents = Fixtures.root.appendingPathComponent("Samples/Documents")

    func testWindowsThatDisagreeAreAttributedTowardTheDocumentsDecision() throws {
        let explainer = try Explainer.load(directory: Self.loanModel)
        // An approved application followed by two declined ones: the first windows approve, the document declines.
        let text = try ["loan-04-form.txt", "loan-06-form.txt", "loan-09-officer-summary.txt"].map {
            try String(contentsOf: Self.documents.appendingPathComponent($0), encoding: .utf8)
        }.joined(separator: "\n")
        var options = Explainer.Options(windowSize: 120, windowStride: 120)
        options.faithfulness = false
        let (speculative, maps) = try explainer.explainWithHeadMaps(text, options: options)
        XCTAssertGreaterThanOrEqual(speculative.windows.count, 4)

        // The windows' running decisions: at least one differs from the document's, so a window was run again.
        var sums = [Float](repeating: 0, count: 3)
        var running: [Int] = []
        for (w, window) in speculative.windows.enumerated() {
            for k in 0..<3 { sums[k] += window.logits[k] }
            running.append(Explainer.decision(sums.map { $0 / Float(w + 1) }))
        }
        XCTAssertTrue(
            running.contains { $0 != speculative.prediction.index },
            "the document should overturn an early window's decision (running decisions \(running))")
        XCTAssertEqual(running.last, speculative.prediction.index)

        var told = options
        told.target = speculative.prediction.index
        let (reference, referenceMaps) = try explainer.explainWithHeadMaps(text, options: told)
        XCTAssertEqual(speculative.prediction, reference.prediction)
        XCTAssertTrue(speculative.windows == reference.windows, "window scores differ from a pass told the label")
        XCTAssertTrue(speculative.tokens == reference.tokens, "token scores differ")
        XCTAssertTrue(speculative.heads == reference.heads, "head statistics differ")
        XCTAssertTrue(maps == referenceMaps, "head maps of a window run again differ")
        // The prediction is the mean of the recorded windows' logits.
        let count = Float(speculative.windows.count)
        for k in 0..<3 {
            let sum = speculative.windows.map { $0.logits[k] }.reduce(0, +)
            XCTAssertEqual(speculative.prediction.logits[k], sum / count)
        }
    }

    func testWindowsThatAgreeMatchAnExplanationToldTheLabel() throws {
        let explainer = try Explainer.load(directory: Self.loanModel)
        let text = try String(
            contentsOf: Self.documents.appendingPathComponent("loan-04-form.txt"), encoding: .utf8)
        var options = Explainer.Options(windowSize: 120, windowStride: 60)
        options.faithfulness = false
        let (speculative, maps) = try explainer.explainWithHeadMaps(text, options: options)
        XCTAssertGreaterThanOrEqual(speculative.windows.count, 2)
        var told = options
        told.target = speculative.prediction.index
        let (reference, referenceMaps) = try explainer.explainWithHeadMaps(text, options: told)
        XCTAssertTrue(speculative.windows == reference.windows, "window scores differ")
        XCTAssertEqual(speculative.prediction, reference.prediction)
        XCTAssertTrue(maps == referenceMaps, "head maps differ")
    }
}
