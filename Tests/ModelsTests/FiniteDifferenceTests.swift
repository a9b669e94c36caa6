import XCTest

@testable import Models
@testable import Tensors

/// The hand-written backward pass against central finite differences on tiny random models of every family.
final class FiniteDifferenceTests: XCTestCase {
    private let ids = [2, 7, 11, 3, 19, 5]
    private let epsilon: Float = 2e-3

    /// |analytic − numeric| ≤ 2e-3 + 2 % of |numeric| for every entry (Float32 central differences).
    private func assertClose(_ analytic: Float, _ numeric: Float, _ what: String) {
        XCTAssertLessThanOrEqual(
            abs(analytic - numeric), 2e-3 + 0.02 * abs(numeric), "\(what): \(analytic) vs FD \(numeric)")
    }

    func testAttentionGradientsMatchFiniteDifferencesOnEveryLayerAndHead() throws {
        for architecture in Architecture.allCases {
            let model = TinyModels.random(TinyModels.config(architecture), seed: 7)
            let batch = try TokenBatch([ids])
            let (padded, embeds) = try model.inputs(batch)
            let recorded = model.forward(batch, ids: padded, inputsEmbeds: embeds, recording: .backward)
            for target in 0..<3 {
                let gradients = model.backward(recorded, target: target)
                var checked = 0
                var largest: Float = 0
                for layer in 0..<2 {
                    for head in 0..<2 {
                        for row in 0..<ids.count {
                            for column in 0..<ids.count {
                                func logit(_ delta: Float) -> Float {
                                    let perturbation = AttentionPerturbation(
                                        layer: layer, sequence: 0, head: head, row: row, column: column, delta: delta)
                                    return model.forward(
                                        batch, ids: padded, inputsEmbeds: embeds, recording: .logits,
                                        perturbation: perturbation
                                    ).logits.scalars[target]
                                }
                                let numeric = (logit(epsilon) - logit(-epsilon)) / (2 * epsilon)
                                let analytic = gradients.attention[layer][head, row, column]
                                largest = max(largest, abs(numeric))
                                assertClose(
                                    analytic, numeric,
                                    "\(architecture) target \(target) ∂/∂A[\(layer)][\(head),\(row),\(column)]")
                                checked += 1
                            }
                        }
                    }
                }
                XCTAssertEqual(checked, 2 * 2 * ids.count * ids.count)
                XCTAssertGreaterThan(largest, 1e-2, "\(architecture): gradients too small for the test to be sensitive")
            }
        }
    }

    func testInputEmbeddingGradientsMatchFiniteDifferences() throws {
        for architecture in Architecture.allCases {
            let model = TinyModels.random(TinyModels.config(architecture), seed: 11)
            let batch = try TokenBatch([ids])
            let (padded, embeds) = try model.inputs(batch)
            let recorded = model.forward(batch, ids: padded, inputsEmbeds: embeds, recording: .backward)
            let gradients = model.backward(recorded, target: 1)
            for index in stride(from: 0, to: embeds.count, by: 3) {
                func logit(_ delta: Float) -> Float {
                    var moved = embeds
                    moved.scalars[index] += delta
                    return model.forward(batch, ids: padded, inputsEmbeds: moved, recording: .logits).logits.scalars[1]
                }
                let numeric = (logit(epsilon) - logit(-epsilon)) / (2 * epsilon)
                assertClose(
                    gradients.inputsEmbeds.scalars[index], numeric, "\(architecture) ∂/∂inputs_embeds[\(index)]")
            }
        }
    }

    func testLastLayerGradientIsConfinedToTheFirstRow() throws {
        let model = TinyModels.random(TinyModels.config(.bert), seed: 3)
        let result = try model.forward(TokenBatch([ids]), recording: .backward)
        let last = model.backward(result, target: 0).attention[1]
        for head in 0..<2 {
            for row in 1..<ids.count {
                for column in 0..<ids.count { XCTAssertEqual(last[head, row, column], 0) }
            }
        }
    }
}
