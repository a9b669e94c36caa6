import Foundation
import Support
import XCTest

@testable import Models
@testable import Tensors

/// The cost of one MiniLM training step at the size of the real runs (batch 16 × 256 tokens).
///
/// Opt-in (`DOSSIER_TRAINING_BENCHMARK=1`, release build) because it takes several seconds per step; it prints
/// the forward+backward and the optimiser time and checks only that the step is finite and learns.
final class TrainingSpeedTests: XCTestCase {
    func testMiniLMTrainingStepAtBatch16By256() throws {
        guard ProcessInfo.processInfo.environment["DOSSIER_TRAINING_BENCHMARK"] == "1" else {
            throw XCTSkip("set DOSSIER_TRAINING_BENCHMARK=1 to time a MiniLM training step")
        }
        let base = try ReferenceFixtures.baseModel()
        var model = try SequenceClassifier.load(directory: base, newHeadFor: ["a", "b", "c"], seed: 1)
        var generator = SeededGenerator(seed: 3)
        let sequences = (0..<16).map { _ in [101] + (0..<254).map { _ in 1000 + Int(generator.next() % 20000) } + [102]
        }
        let batch = try TokenBatch(sequences)
        let labels = (0..<16).map { $0 % 3 }
        var optimizer = AdamW()
        var losses: [Float] = []
        for round in 0..<3 {
            let start = Date()
            var step = try model.trainingStep(batch, labels: labels, dropout: .bert, generator: &generator)
            let backward = Date().timeIntervalSince(start)
            step.gradients.clip(maximumNorm: 1)
            let optimizerStart = Date()
            optimizer.update(&model, gradients: step.gradients, learningRate: 5e-5)
            let update = Date().timeIntervalSince(optimizerStart)
            print(
                "MiniLM step \(round) (16 × 256): forward+backward "
                    + "\(String(format: "%.2f", backward)) s, clip+AdamW \(String(format: "%.2f", update)) s, "
                    + "loss \(step.loss)")
            XCTAssertTrue(step.loss.isFinite)
            losses.append(step.loss)
        }
        XCTAssertLessThan(losses[2], losses[0], "three steps on one batch should lower its loss")
    }
}
