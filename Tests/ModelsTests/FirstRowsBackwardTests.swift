import Foundation
import Support
import Tensors
import XCTest

@testable import Models

/// The attention backward pass when only the first query rows carry gradient (a CLS-pooled classifier's last
/// layer) takes a low-rank route for the input gradient (∂K and ∂V have rank ≤ rows per head). It must equal the
/// dense route given the same gradient with zeros in the other rows, padded sequences included.
///
/// Tolerance: 1e-5 relative to the largest |dx| (the two routes sum in different orders).
final class FirstRowsBackwardTests: XCTestCase {
    func testLowRankInputGradientEqualsDenseRoute() throws {
        for architecture in [Architecture.bert, .distilbert, .roberta] {
            let config = TinyModels.config(architecture)
            let model = TinyModels.random(config, seed: 5)
            let layer = model.layers[0]
            let batch = try TokenBatch([[2, 5, 7, 9, 11, 4, 3], [2, 8, 6, 3]])  // the second padded to 7
            let (t, c) = (batch.length, config.hiddenSize)
            var generator = SeededGenerator(seed: 17)
            let x = Tensor(
                shape: [batch.count * t, c],
                scalars: (0..<(batch.count * t * c)).map { _ in Float.random(in: -1...1, using: &generator) })
            let (_, probabilities, cache, _) = layer.attention.forward(x, batch: batch, keepCache: true)
            for rows in [1, 2] {
                var dContext = Tensor(zeros: [batch.count * t, c])
                for s in 0..<batch.count {
                    for r in 0..<rows {
                        for j in 0..<c {
                            dContext.scalars[(s * t + r) * c + j] = Float.random(in: -1...1, using: &generator)
                        }
                    }
                }
                let guardCache = try XCTUnwrap(cache)
                let dense = layer.attention.backward(
                    dContext, probabilities: probabilities, cache: guardCache, batch: batch)
                let lowRank = layer.attention.backward(
                    dContext, probabilities: probabilities, cache: guardCache, batch: batch, rowsWithGradient: rows)
                let scale = dense.dInput.scalars.map(abs).max() ?? 1
                XCTAssertLessThanOrEqual(
                    lowRank.dInput.maxAbsoluteDifference(to: dense.dInput) / scale, 1e-5,
                    "\(architecture) rows \(rows): dx differs between the low-rank and dense routes")
                XCTAssertLessThanOrEqual(
                    lowRank.dProbabilities.maxAbsoluteDifference(to: dense.dProbabilities), 1e-6,
                    "\(architecture) rows \(rows): ∂A differs")
            }
        }
    }
}
