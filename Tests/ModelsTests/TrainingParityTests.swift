import Foundation
import Support
import XCTest

@testable import Models
@testable import Tensors

/// One training step against PyTorch autograd and `torch.optim.AdamW`
/// (`Scripts/reference/training_fixtures.py`, fixtures in `Tests/Fixtures/training/<model>/`).
final class TrainingParityTests: XCTestCase {
    private struct Step: Decodable {
        let ids: [[Int]]
        let labels: [Int]
        let loss: Float
        let logits: [[Float]]
        let gradientNorm: Float
        let learningRate: Float
        let weightDecay: Float
        let maxNorm: Float
        let tensors: [String]

        enum CodingKeys: String, CodingKey {
            case ids, labels, loss, logits, tensors
            case gradientNorm = "gradient_norm"
            case learningRate = "learning_rate"
            case weightDecay = "weight_decay"
            case maxNorm = "max_norm"
        }
    }

    private func check(_ name: String) throws {
        let fixture = ReferenceFixtures.root.appendingPathComponent("Tests/Fixtures/training/\(name)")
        let step = try JSONDecoder().decode(
            Step.self, from: Data(contentsOf: fixture.appendingPathComponent("step.json")))
        let expected = try SafetensorsFile(path: fixture.appendingPathComponent("step.safetensors").path)
        var model = try SequenceClassifier.load(directory: ReferenceFixtures.model(name))
        let batch = try TokenBatch(step.ids)
        var generator = SeededGenerator(seed: 0)
        var result = try model.trainingStep(batch, labels: step.labels, dropout: .none, generator: &generator)

        // Tolerances: float32 against float32 PyTorch; loss and logits 1e-5, gradients 1e-5 + 1e-4·|g|.
        XCTAssertEqual(result.loss, step.loss, accuracy: 1e-5, "\(name) loss")
        let logits = Tensor(shape: [step.logits.count, step.logits[0].count], scalars: step.logits.flatMap { $0 })
        XCTAssertLessThanOrEqual(result.logits.maxAbsoluteDifference(to: logits), 1e-5, "\(name) logits")
        var worstGradient: Float = 0
        for tensorName in step.tensors {
            let canonical = WeightNames.canonical(tensorName)
            let reference = try expected.tensor("grad.\(tensorName)")
            let gradient = try XCTUnwrap(result.gradients[canonical], "\(name): no gradient for \(canonical)")
            XCTAssertEqual(gradient.shape, reference.shape, "\(name) \(tensorName) gradient shape")
            let scaleOfReference = reference.scalars.map(abs).max() ?? 0
            let difference = gradient.maxAbsoluteDifference(to: reference)
            worstGradient = max(worstGradient, difference)
            XCTAssertLessThanOrEqual(
                difference, 1e-5 + 1e-4 * scaleOfReference,
                "\(name) ∂loss/∂\(tensorName): max |Δ| \(difference) (max |g| \(scaleOfReference))")
        }
        XCTAssertGreaterThan(step.gradientNorm, step.maxNorm, "\(name): the fixture should exercise clipping")
        let norm = result.gradients.clip(maximumNorm: step.maxNorm)
        XCTAssertEqual(norm, step.gradientNorm, accuracy: 1e-4 * step.gradientNorm, "\(name) gradient norm")
        var optimizer = AdamW(weightDecay: step.weightDecay)
        optimizer.update(&model, gradients: result.gradients, learningRate: step.learningRate)
        let updated = model.parameters
        var worstWeight: Float = 0
        for tensorName in step.tensors {
            let reference = try expected.tensor("after.\(tensorName)")
            let referenceGradient = try expected.tensor("grad.\(tensorName)")
            let weight = try XCTUnwrap(updated[WeightNames.canonical(tensorName)])
            XCTAssertEqual(weight.shape, reference.shape, "\(name) \(tensorName) shape")
            // Where |g| < 1e-6 the first step η·g/(|g| + ε) is ill-conditioned (e.g. key biases, whose exact
            // gradient is 0 and whose float gradient is rounding noise): those entries are not compared.
            var difference: Float = 0
            for i in reference.scalars.indices where abs(referenceGradient.scalars[i]) >= 1e-6 {
                difference = max(difference, abs(weight.scalars[i] - reference.scalars[i]))
            }
            worstWeight = max(worstWeight, difference)
            // The first AdamW step moves each weight by about η = 1e-3; 2e-6 is 0.2 % of that.
            XCTAssertLessThanOrEqual(
                difference, 2e-6, "\(name) \(tensorName) after one AdamW step: max |Δ| \(difference)")
        }
        print("\(name): max |Δ| gradient \(worstGradient), weights after AdamW \(worstWeight)")
    }

    func testTinyBertStepMatchesPyTorch() throws { try check("tiny-bert") }
    func testTinyDistilBertStepMatchesPyTorch() throws { try check("tiny-distilbert") }
    func testTinyRobertaStepMatchesPyTorch() throws { try check("tiny-roberta") }
}
