import Support
import XCTest

@testable import Models
@testable import Tensors

/// The training pass with dropout on: its gradients against central finite differences of the loss with the same
/// masks (a seed draws the same masks whatever the weights), and the blocked and whole-head attention routes
/// against each other.
final class DropoutGradientTests: XCTestCase {
    private let sequences = [[2, 7, 11, 3, 19, 5], [2, 13, 4, 3]]
    private let labels = [2, 0]
    private let epsilon: Float = 2e-3

    /// The mean loss of one training pass with BERT dropout, masks drawn from seed 9.
    private func loss(_ model: SequenceClassifier, _ batch: TokenBatch) throws -> Float {
        var generator = SeededGenerator(seed: 9)
        return try model.trainingStep(batch, labels: labels, dropout: .bert, generator: &generator).loss
    }

    func testGradientsWithDropoutMatchFiniteDifferencesWithTheSameMasks() throws {
        let batch = try TokenBatch(sequences)
        for architecture in Architecture.allCases {
            let model = TinyModels.random(TinyModels.config(architecture), seed: 21, scale: 0.4)
            var generator = SeededGenerator(seed: 9)
            let step = try model.trainingStep(batch, labels: labels, dropout: .bert, generator: &generator)
            XCTAssertEqual(step.loss, try loss(model, batch), "\(architecture): the seed fixes the masks")
            var checked = 0
            for (name, parameter) in model.parameters.sorted(by: { $0.key < $1.key })
            where name.contains("layer.0") || name.contains("classifier") || name.contains("embeddings.LayerNorm") {
                let gradient = try XCTUnwrap(step.gradients[name], "\(architecture): no gradient for \(name)")
                for index in [0, parameter.count / 2, parameter.count - 1] {
                    var plus = model
                    var minus = model
                    plus.updateParameters { if $0 == name { $1.scalars[index] += epsilon } }
                    minus.updateParameters { if $0 == name { $1.scalars[index] -= epsilon } }
                    let numeric = (try loss(plus, batch) - loss(minus, batch)) / (2 * epsilon)
                    let analytic = gradient.scalars[index]
                    // Tolerance: 1e-3 absolute + 2 % of |numeric| (Float32 central differences, ε = 2e-3).
                    XCTAssertLessThanOrEqual(
                        abs(analytic - numeric), 1e-3 + 0.02 * abs(numeric),
                        "\(architecture) ∂loss/∂\(name)[\(index)] with dropout: analytic \(analytic) vs FD \(numeric)")
                    checked += 1
                }
            }
            XCTAssertGreaterThan(checked, 30, "\(architecture): parameters probed")
        }
    }

    func testBlockedAndWholeHeadAttentionGiveTheSameGradientsWithDropout() throws {
        guard AcceleratedKernels.isAvailable else { throw XCTSkip("the blocked route needs AVX-512") }
        let batch = try TokenBatch(sequences)
        let model = TinyModels.random(TinyModels.config(.bert), seed: 5, scale: 0.4)
        var whole = model
        var blocked = model
        for index in model.layers.indices {
            whole.layers[index].attention.runsBackwardInBlocks = false
            blocked.layers[index].attention.runsBackwardInBlocks = true
            blocked.layers[index].attention.backwardBlockRows = 2
        }
        var a = SeededGenerator(seed: 9)
        var b = SeededGenerator(seed: 9)
        let expected = try whole.trainingStep(batch, labels: labels, dropout: .bert, generator: &a)
        let actual = try blocked.trainingStep(batch, labels: labels, dropout: .bert, generator: &b)
        XCTAssertEqual(actual.loss, expected.loss)
        for (name, gradient) in expected.gradients.tensors {
            let other = try XCTUnwrap(actual.gradients[name], name)
            XCTAssertLessThanOrEqual(other.maxAbsoluteDifference(to: gradient), 1e-5, "\(name): blocked vs whole head")
        }
    }
}
