import Foundation
import XCTest

@testable import Models
@testable import Tensors

/// AdamW, the schedule, the training loop on a learnable toy task, metrics, and saving.
final class TrainingLoopTests: XCTestCase {
    func testAdamWFirstStepMatchesTheTorchFormula() throws {
        let config = TinyModels.config(.bert)
        var model = TinyModels.random(config, seed: 3, scale: 0.3)
        let original = model.parameters
        var gradients = ParameterGradients()
        for (name, tensor) in original { gradients[name] = Tensor(zeros: tensor.shape, value: 0.5) }
        var optimizer = AdamW(weightDecay: 0.1)
        optimizer.update(&model, gradients: gradients, learningRate: 0.01)
        // Step 1 with constant g: m̂ = g, v̂ = g², so θ ← θ(1 − ηλ) − η · g / (|g| + ε).
        for name in ["classifier.weight", "classifier.bias", "embeddings.LayerNorm.weight"] {
            let before = original[name]?.scalars[0] ?? .nan
            let decay: Float = AdamW.decays(name) ? 1 - 0.01 * 0.1 : 1
            let expected = before * decay - 0.01 * 0.5 / (0.5 + 1e-8)
            XCTAssertEqual(model.parameters[name]?.scalars[0] ?? .nan, expected, accuracy: 1e-6, name)
        }
        XCTAssertFalse(AdamW.decays("encoder.layer.0.attention.output.LayerNorm.weight"))
        XCTAssertFalse(AdamW.decays("classifier.bias"))
        XCTAssertTrue(AdamW.decays("embeddings.word_embeddings.weight"))
    }

    func testLinearScheduleWarmsUpThenDecaysToZero() {
        let schedule = LinearSchedule(peak: 1e-3, warmupSteps: 10, totalSteps: 110)
        XCTAssertEqual(schedule.rate(at: 0), 0)
        XCTAssertEqual(schedule.rate(at: 5), 5e-4, accuracy: 1e-9)
        XCTAssertEqual(schedule.rate(at: 10), 1e-3, accuracy: 1e-9)
        XCTAssertEqual(schedule.rate(at: 60), 5e-4, accuracy: 1e-9)
        XCTAssertEqual(schedule.rate(at: 110), 0)
    }

    func testMetricsGivePerClassF1() {
        let metrics = EvaluationMetrics(
            count: 6, loss: 0, accuracy: 4 / 6, confusion: [[2, 1, 0], [0, 2, 0], [1, 0, 0]])
        XCTAssertEqual(metrics.precision[0], 2 / 3, accuracy: 1e-6)
        XCTAssertEqual(metrics.recall[0], 2 / 3, accuracy: 1e-6)
        XCTAssertEqual(metrics.f1[1], 2 * (2 / 3) * 1 / (2 / 3 + 1), accuracy: 1e-6)
        XCTAssertEqual(metrics.f1[2], 0)
    }

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

    func testSavedCheckpointReloadsWithIdenticalLogits() throws {
        for architecture in Architecture.allCases {
            let model = TinyModels.random(TinyModels.config(architecture), seed: 13, scale: 0.4)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "training-save-\(architecture)-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            try model.save(to: directory)
            let reloaded = try SequenceClassifier.load(directory: directory)
            XCTAssertEqual(reloaded.config, model.config, "\(architecture) configuration round trip")
            let batch = try TokenBatch([[2, 7, 11, 3], [2, 9, 3]])
            let expected = try model.forward(batch, recording: .logits).logits
            let actual = try reloaded.forward(batch, recording: .logits).logits
            XCTAssertEqual(actual.maxAbsoluteDifference(to: expected), 0, "\(architecture) F32 logits after reload")

            try model.save(to: directory, precision: .float16)
            let half = try SequenceClassifier.load(directory: directory)
            let halfLogits = try half.forward(batch, recording: .logits).logits
            XCTAssertLessThanOrEqual(
                halfLogits.maxAbsoluteDifference(to: expected), 2e-2, "\(architecture) F16 logits after reload")
            let names = try SafetensorsFile(path: directory.appendingPathComponent("model.safetensors").path).names
            XCTAssertTrue(names.contains("classifier.weight") || names.contains("classifier.out_proj.weight"))
            XCTAssertTrue(names.contains("\(architecture.rawValue).embeddings.word_embeddings.weight"))
        }
    }
}
