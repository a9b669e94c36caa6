import Foundation
import Models
import Tensors
import XCTest

@testable import Attribution

/// The attention row summaries the forward pass forms during its softmax (entropy via log Z, largest probability
/// via 1 / Z, mean distance, row total) against the same quantities computed directly from the returned maps, and the head
/// statistics built on either source.
///
/// Tolerance: 2e-5 absolute on every summary (entropies are at most log T ≈ 3 nats here, distances ≤ T).
final class HeadSummaryTests: XCTestCase {
    private func check(model name: String) throws {
        let model = try SequenceClassifier.load(directory: AttributionFixtures.model(name))
        let fixture = try AttributionFixtures.cases(name)
        for (c, testCase) in fixture.cases.enumerated() {
            let result = try model.forward(TokenBatch([testCase.ids]), recording: .backward)
            let maps = result.attentions.map { $0.slice(0) }
            let recorded = result.attentionSummaries.map { $0.slice(0) }
            XCTAssertEqual(recorded.count, maps.count, "\(name): one summary tensor per layer")
            let (h, t) = (maps[0].shape[0], maps[0].shape[1])
            for layer in maps.indices {
                let width = AttentionRowSummary.count
                XCTAssertEqual(recorded[layer].shape, [h, t, width], "\(name) layer \(layer) summary shape")
                for head in 0..<h {
                    let direct = HeadAnalysis.rowSummaries(maps[layer], head: head)
                    let fromForward = Array(recorded[layer].scalars[(head * t * width)..<((head + 1) * t * width)])
                    let worst = zip(direct, fromForward).map { abs($0 - $1) }.max() ?? 0
                    XCTAssertLessThanOrEqual(
                        worst, 2e-5, "\(name) case \(c) layer \(layer) head \(head): summaries differ by \(worst)")
                }
            }
            let gradients = model.backward(result, target: testCase.target)
            let kinds = HeadAnalysis.TokenKinds(
                isStart: (0..<t).map { $0 == 0 }, isEnd: (0..<t).map { $0 == t - 1 },
                isPunctuation: (0..<t).map { $0 % 3 == 1 })
            let direct = HeadAnalysis.statistics(attentions: maps, gradients: gradients.attention, kinds: kinds)
            let fast = HeadAnalysis.statistics(
                attentions: maps, gradients: gradients.attention, kinds: kinds, summaries: recorded)
            for (a, b) in zip(direct, fast) {
                XCTAssertEqual(a.entropy, b.entropy, accuracy: 2e-5, "\(name) layer \(a.layer) head \(a.head) entropy")
                XCTAssertEqual(a.confidence, b.confidence, accuracy: 2e-5, "\(name) \(a.layer)/\(a.head) confidence")
                XCTAssertEqual(a.meanDistance, b.meanDistance, accuracy: 2e-5, "\(name) \(a.layer)/\(a.head) distance")
                XCTAssertEqual(a.role, b.role, "\(name) layer \(a.layer) head \(a.head) role")
            }
        }
    }

    func testTinyBERT() throws { try check(model: "tiny-bert") }

    func testTinyDistilBERT() throws { try check(model: "tiny-distilbert") }

    func testTinyRoBERTa() throws { try check(model: "tiny-roberta") }

    /// A uniform map over n tokens: entropy log n, largest weight 1 / n, mean distance Σ_j |i − j| / n.
    func testUniformMapKnownAnswers() {
        let t = 37
        let map = Tensor(shape: [1, t, t], scalars: Array(repeating: 1 / Float(t), count: t * t))
        let direct = HeadAnalysis.rowSummaries(map, head: 0)
        let width = AttentionRowSummary.count
        for i in 0..<t {
            let row = direct[(width * i)..<(width * (i + 1))].map { $0 }
            XCTAssertEqual(row[AttentionRowSummary.entropy], log(Float(t)), accuracy: 1e-5, "row \(i) entropy")
            XCTAssertEqual(row[AttentionRowSummary.largest], 1 / Float(t), accuracy: 1e-7, "row \(i) largest weight")
            let expected = (0..<t).map { Float(abs($0 - i)) }.reduce(0, +) / Float(t)
            XCTAssertEqual(row[AttentionRowSummary.distance], expected, accuracy: 1e-4, "row \(i) mean distance")
            XCTAssertEqual(row[AttentionRowSummary.total], 1, accuracy: 1e-5, "row \(i) total")
        }
    }
}
