import Support
import XCTest

@testable import Models
@testable import Tensors

/// Weight gradients of the training pass against central finite differences of the mean cross-entropy, on
/// tiny random models of every family, with a padded batch of two sequences and dropout off.
final class TrainingGradientTests: XCTestCase {
    private let sequences = [[2, 7, 11, 3, 19, 5], [2, 13, 4, 3]]
    private let labels = [2, 0]
    private let epsilon: Float = 2e-3

    /// The model with one scalar of one parameter moved by `delta`.
    private func moved(_ model: SequenceClassifier, _ name: String, _ index: Int, _ delta: Float)
        -> SequenceClassifier
    {
        var copy = model
        copy.updateParameters { parameter, tensor in
            if parameter == name { tensor.scalars[index] += delta }
        }
        return copy
    }

    /// Indices to probe in a parameter: a spread of entries, and for embeddings the rows the batch uses.
    private func probes(_ name: String, shape: [Int], ids: [Int]) -> [Int] {
        let count = shape.reduce(1, *)
        if name.hasSuffix("word_embeddings.weight") {
            let c = shape[1]
            // Rows of used tokens, plus an unused row (29) whose gradient must be 0.
            return [ids[1] * c, ids[1] * c + c - 1, ids[2] * c + 3, 29 * c + 2]
        }
        if name.hasSuffix("position_embeddings.weight") {
            let c = shape[1]
            return [0, c + 1, 3 * c + 2, 5 * c + c - 1]
        }
        let step = max(1, count / 7)
        return Array(stride(from: 0, to: count, by: step).prefix(7)) + [count - 1]
    }

    func testEveryParameterGradientMatchesFiniteDifferences() throws {
        for architecture in TinyModels.bertShaped {  // GPT-2, DeBERTa-v2 and ModernBERT are not trained here
            let model = TinyModels.random(TinyModels.config(architecture), seed: 21, scale: 0.4)
            let batch = try TokenBatch(sequences)
            var generator = SeededGenerator(seed: 1)
            let step = try model.trainingStep(batch, labels: labels, dropout: .none, generator: &generator)
            XCTAssertEqual(step.loss, try model.loss(batch, labels: labels), accuracy: 1e-5, "\(architecture) loss")
            let parameters = model.parameters
            XCTAssertEqual(
                Set(step.gradients.tensors.keys), Set(parameters.keys), "\(architecture): a gradient per parameter")
            var worst: (difference: Float, what: String) = (0, "")
            var largest: Float = 0
            for (name, parameter) in parameters.sorted(by: { $0.key < $1.key }) {
                guard let gradient = step.gradients[name] else { continue }
                XCTAssertEqual(gradient.shape, parameter.shape, "\(architecture) \(name) gradient shape")
                for index in probes(name, shape: parameter.shape, ids: sequences[0]) {
                    let plus = try moved(model, name, index, epsilon).loss(batch, labels: labels)
                    let minus = try moved(model, name, index, -epsilon).loss(batch, labels: labels)
                    let numeric = (plus - minus) / (2 * epsilon)
                    let analytic = gradient.scalars[index]
                    let difference = abs(analytic - numeric)
                    largest = max(largest, abs(numeric))
                    if difference > worst.difference { worst = (difference, "\(name)[\(index)]") }
                    // Tolerance: 1e-3 absolute + 2 % of |numeric| (Float32 central differences, ε = 2e-3).
                    XCTAssertLessThanOrEqual(
                        difference, 1e-3 + 0.02 * abs(numeric),
                        "\(architecture) ∂loss/∂\(name)[\(index)]: analytic \(analytic) vs FD \(numeric)")
                }
            }
            XCTAssertGreaterThan(largest, 1e-2, "\(architecture): gradients too small for the test to be sensitive")
            print("\(architecture): worst |analytic − FD| = \(worst.difference) at \(worst.what)")
        }
    }

    func testDropoutIsDeterministicInTheSeedAndOffWithRateZero() throws {
        let model = TinyModels.random(TinyModels.config(.bert), seed: 5, scale: 0.4)
        let batch = try TokenBatch(sequences)
        var a = SeededGenerator(seed: 9)
        var b = SeededGenerator(seed: 9)
        var c = SeededGenerator(seed: 10)
        let first = try model.trainingStep(batch, labels: labels, dropout: .bert, generator: &a)
        let again = try model.trainingStep(batch, labels: labels, dropout: .bert, generator: &b)
        let other = try model.trainingStep(batch, labels: labels, dropout: .bert, generator: &c)
        XCTAssertEqual(first.loss, again.loss, "same seed, same masks")
        XCTAssertNotEqual(first.loss, other.loss, "another seed draws other masks")
        let evaluation = try model.forward(batch, recording: .logits).logits
        XCTAssertGreaterThan(first.logits.maxAbsoluteDifference(to: evaluation), 1e-4, "dropout changed nothing")
        var d = SeededGenerator(seed: 9)
        let off = try model.trainingStep(batch, labels: labels, dropout: .none, generator: &d)
        XCTAssertLessThanOrEqual(off.logits.maxAbsoluteDifference(to: evaluation), 1e-5, "training logits ≠ eval")
    }

    func testGradientClippingScalesToTheMaximumNorm() {
        var gradients = ParameterGradients()
        gradients["a"] = Tensor(shape: [2], scalars: [3, 0])
        gradients["b"] = Tensor(shape: [1], scalars: [4])
        XCTAssertEqual(gradients.globalNorm, 5, accuracy: 1e-6)
        let before = gradients.clip(maximumNorm: 1)
        XCTAssertEqual(before, 5, accuracy: 1e-6)
        XCTAssertEqual(gradients.globalNorm, 1, accuracy: 1e-5)
        XCTAssertEqual(gradients["b"]?.scalars[0] ?? 0, 0.8, accuracy: 1e-5)
        gradients.clip(maximumNorm: 10)
        XCTAssertEqual(gradients.globalNorm, 1, accuracy: 1e-5, "no scaling below the maximum")
    }
}

extension TrainingGradientTests {
    func testDropoutKeepsTheExpectedFractionAndScalesKeptValues() {
        var generator = SeededGenerator(seed: 4)
        let dropout = Dropout(rate: 0.1)
        let mask = dropout.mask(count: 100_001, using: &generator)
        let kept = Double(mask.reduce(0) { $0 + Int($1) }) / Double(mask.count)
        // Binomial standard deviation at n = 1e5 is about 0.001: 0.005 is five of them.
        XCTAssertEqual(kept, 0.9, accuracy: 0.005, "fraction of kept elements")
        var values = [Float](repeating: 2, count: mask.count)
        dropout.apply(&values, mask: mask)
        for (value, keep) in zip(values, mask) { XCTAssertEqual(value, keep == 1 ? 2 / 0.9 : 0, accuracy: 1e-6) }
        XCTAssertTrue(Dropout(rate: 0).mask(count: 10, using: &generator).isEmpty, "rate 0 draws no mask")
    }
}

/// The training pass with dropout on: its gradients against central finite differences of the loss with the same
/// masks (a seed draws the same masks whatever the weights), and the blocked and whole-head attention routes
/// against each other.
extension TrainingGradientTests {
    /// The mean loss of one training pass with BERT dropout, masks drawn from seed 9.
    private func loss(_ model: SequenceClassifier, _ batch: TokenBatch) throws -> Float {
        var generator = SeededGenerator(seed: 9)
        return try model.trainingStep(batch, labels: labels, dropout: .bert, generator: &generator).loss
    }

    func testGradientsWithDropoutMatchFiniteDifferencesWithTheSameMasks() throws {
        let batch = try TokenBatch(sequences)
        for architecture in TinyModels.bertShaped {  // GPT-2, DeBERTa-v2 and ModernBERT are not trained here
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
