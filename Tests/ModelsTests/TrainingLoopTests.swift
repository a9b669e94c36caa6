import Foundation
import XCTest

@testable import Models
@testable import Tensors

/// AdamW, the schedule, metrics, and saving (the training loop itself: `TrainingTests`).
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

    func testSavedCheckpointReloadsWithIdenticalLogits() throws {
        for architecture in TinyModels.bertShaped {  // GPT2Tests saves GPT-2; DeBERTa-v2 and ModernBERT are not saved
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
            XCTAssertTrue(names.contains("\(architecture.weightPrefix)embeddings.word_embeddings.weight"))
        }
    }
}
