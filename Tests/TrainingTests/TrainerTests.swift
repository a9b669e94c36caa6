import Foundation
import Models
import Support
import XCTest

@testable import Training

/// The stratified split and the training loop on a learnable toy task.
final class TrainerTests: XCTestCase {
    func testStratifiedSplitHoldsOutEveryClass() {
        let examples = (0..<40).map { TrainingExample(ids: [2, $0 % 30, 3], label: $0 % 4 == 0 ? 1 : 0) }
        let (training, validation) = TrainingExample.split(examples, validationFraction: 0.25, seed: 1)
        XCTAssertEqual(training.count + validation.count, 40)
        XCTAssertEqual(validation.filter { $0.label == 1 }.count, 3, "round(0.25 × 10)")
        XCTAssertEqual(validation.filter { $0.label == 0 }.count, 8, "round(0.25 × 30)")
    }

    /// A task a tiny model learns exactly: the label is which of tokens 5, 6, 7 the sequence contains.
    static func toyExamples(count: Int, seed: UInt64) -> [TrainingExample] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let label = Int(generator.next() % 3)
            let length = 3 + Int(generator.next() % 8)
            var ids = (0..<length).map { _ in 8 + Int(generator.next() % 22) }
            ids[Int(generator.next() % UInt64(length))] = 5 + label
            return TrainingExample(ids: [2] + ids + [3], label: label)
        }
    }

    func testTinyModelLearnsAToyTaskToFullAccuracyInSeconds() throws {
        let config = ModelConfiguration(
            architecture: .bert, vocabularySize: 30, hiddenSize: 32, layerCount: 2, headCount: 4,
            intermediateSize: 64, maxPositions: 16, labels: ["five", "six", "seven"])
        let model = SequenceClassifier.randomlyInitialized(config: config, seed: 1)
        var options = Trainer.Options()
        options.epochs = 8
        options.batchSize = 16
        options.learningRate = 2e-3
        options.warmupFraction = 0.1
        options.seed = 7
        var trainer = Trainer(model: model, options: options)
        let training = Self.toyExamples(count: 480, seed: 1)
        let validation = Self.toyExamples(count: 120, seed: 2)
        let before = try trainer.evaluate(validation)
        var steps = 0
        let start = Date()
        let reports = try trainer.train(training, validation: validation, progress: { _ in steps += 1 })
        let seconds = Date().timeIntervalSince(start)
        let final = try XCTUnwrap(reports.last?.validation)
        print(
            "toy task: \(steps) steps in \(seconds) s, accuracy \(before.accuracy) → \(final.accuracy), F1 \(final.f1)")
        XCTAssertEqual(steps, 8 * 30)
        XCTAssertLessThan(before.accuracy, 0.6, "an untrained model should not already solve the task")
        XCTAssertEqual(final.accuracy, 1, "held-out accuracy after training; confusion \(final.confusion)")
        XCTAssertLessThan(reports.last?.trainingLoss ?? .infinity, reports.first?.trainingLoss ?? 0)
        XCTAssertLessThan(seconds, 60, "training a tiny model must take seconds")
    }
}
