import Foundation
import Tensors
import XCTest

@testable import Models

/// The attention layer projects query, key and value with one stacked product; the stack must follow every
/// change of the three weights (an optimiser step goes through `updateParameters`).
final class StackedProjectionTests: XCTestCase {
    func testOptimiserUpdatesReachTheStackedProjection() throws {
        let config = TinyModels.config(.bert)
        var model = TinyModels.random(config, seed: 11)
        let batch = try TokenBatch([[2, 5, 7, 9, 3], [2, 8, 3]])
        let before = try model.forward(batch, recording: .logits).logits
        // Change every query, key and value weight as an optimiser would.
        model.updateParameters { name, tensor in
            guard name.contains("attention.self.") else { return }
            for i in tensor.scalars.indices { tensor.scalars[i] += 0.05 * Float((i % 7) - 3) }
        }
        let after = try model.forward(batch, recording: .logits).logits
        // The same weights loaded afresh: the reference for what the updated model must compute.
        let rebuilt = SequenceClassifier(
            config: config, checkpoint: try Checkpoint(tensors: model.parameters, config: config))
        let expected = try rebuilt.forward(batch, recording: .logits).logits
        XCTAssertGreaterThan(after.maxAbsoluteDifference(to: before), 1e-3, "the update changes the logits")
        XCTAssertLessThanOrEqual(
            after.maxAbsoluteDifference(to: expected), 1e-6, "updated model matches a fresh load of its weights")
        for layer in model.layers {
            let a = layer.attention
            XCTAssertEqual(
                a.projection.weight.scalars, a.query.weight.scalars + a.key.weight.scalars + a.value.weight.scalars,
                "stacked weight is [Wq; Wk; Wv]")
            XCTAssertEqual(
                a.projection.bias.scalars, a.query.bias.scalars + a.key.bias.scalars + a.value.bias.scalars,
                "stacked bias is [bq; bk; bv]")
        }
    }
}
