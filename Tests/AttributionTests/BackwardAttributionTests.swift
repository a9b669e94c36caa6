import Foundation
import Models
import Tensors
import XCTest

@testable import Attribution

/// Rollout, gradient-weighted attention and head statistics formed during the backward pass
/// (`BackwardAttribution`) against the reference functions over kept maps and gradients
/// (`AttributionMethods`, `HeadAnalysis.statistics`), on the tiny BERT, DistilBERT and RoBERTa models.
///
/// Tolerance: 1e-5 after dividing each score vector by its max |value|; head measures 1e-5 absolute (importance
/// 1e-5 relative to the layer's largest). The two paths differ only in summation order.
final class BackwardAttributionTests: XCTestCase {
    private func normalised(_ v: [Float]) -> [Float] {
        let scale = v.map(abs).max() ?? 0
        return scale > 0 ? v.map { $0 / scale } : v
    }

    /// Both row loops: the AVX-512 kernel (where the processor has it) and the portable Swift one.
    private func check(model name: String) throws {
        for portable in [false, true] { try check(model: name, portable: portable) }
    }

    private func check(model name: String, portable: Bool) throws {
        let model = try SequenceClassifier.load(directory: AttributionFixtures.model(name))
        let fixture = try AttributionFixtures.cases(name)
        for (c, testCase) in fixture.cases.enumerated() {
            let result = try model.forward(TokenBatch([testCase.ids]), recording: .backward)
            let t = testCase.ids.count
            let name = portable ? "\(name) (portable)" : name
            let kinds = HeadAnalysis.TokenKinds(
                isStart: (0..<t).map { $0 == 0 }, isEnd: (0..<t).map { $0 == t - 1 },
                isPunctuation: (0..<t).map { $0 % 3 == 1 })
            let kept = model.backward(result, target: testCase.target)
            let maps = result.attentions.map { $0.slice(0) }
            let summaries = result.attentionSummaries.map { $0.slice(0) }
            let fused = BackwardAttribution(summaries: summaries, kinds: kinds, portable: portable)
            let lean = model.backward(result, target: testCase.target, observer: fused, keepAttentionGradients: false)

            XCTAssertEqual(lean.inputsEmbeds, kept.inputsEmbeds, "\(name) case \(c): keeping ∂A changes ∂embeddings")
            let pairs: [(String, [Float], [Float])] = [
                ("rollout", fused.rollout, AttributionMethods.rollout(maps)),
                (
                    "gradient-weighted", fused.gradientWeighted,
                    AttributionMethods.gradientWeighted(maps, gradients: kept.attention)
                ),
            ]
            for (method, ours, reference) in pairs {
                XCTAssertEqual(ours.count, t, "\(name) \(method) length")
                let difference = zip(normalised(ours), normalised(reference)).map { abs($0 - $1) }.max() ?? 0
                XCTAssertLessThanOrEqual(difference, 1e-5, "\(name) case \(c) \(method) differs by \(difference)")
            }
            let reference = HeadAnalysis.statistics(
                attentions: maps, gradients: kept.attention, kinds: kinds, summaries: summaries)
            let ours = fused.heads
            XCTAssertEqual(ours.count, reference.count, "\(name): one statistics entry per head")
            for (a, b) in zip(ours, reference) {
                let label = "\(name) case \(c) layer \(b.layer) head \(b.head)"
                XCTAssertEqual(a.layer, b.layer, label)
                XCTAssertEqual(a.head, b.head, label)
                let largest = reference.filter { $0.layer == b.layer }.map(\.importance).max() ?? 1
                XCTAssertEqual(a.importance, b.importance, accuracy: 1e-5 * max(largest, 1e-6), "\(label) importance")
                for (field, x, y) in [
                    ("confidence", a.confidence, b.confidence), ("entropy", a.entropy, b.entropy),
                    ("distance", a.meanDistance, b.meanDistance), ("start", a.shareToStart, b.shareToStart),
                    ("end", a.shareToEnd, b.shareToEnd), ("punctuation", a.shareToPunctuation, b.shareToPunctuation),
                    ("previous", a.previousToken, b.previousToken), ("next", a.nextToken, b.nextToken),
                ] {
                    XCTAssertEqual(x, y, accuracy: 1e-5, "\(label) \(field)")
                }
                XCTAssertEqual(a.role, b.role, "\(label) role")
            }
        }
    }

    func testTinyBERT() throws { try check(model: "tiny-bert") }

    func testTinyDistilBERT() throws { try check(model: "tiny-distilbert") }

    func testTinyRoBERTa() throws { try check(model: "tiny-roberta") }
}
