import Foundation
import Support
import Tensors
import XCTest

@testable import Models

/// GPT-2 (`GPT2ForSequenceClassification`) against `Scripts/reference/make_tiny_electra_xlmr_gpt2.py`'s tiny-gpt2
/// (ids fed directly), and its hand-written backward pass against finite differences on every attention entry.
/// `FiniteDifferenceTests` also runs GPT-2 (every family); `MethodParityTests` checks ∂logit/∂A and the methods
/// against autograd.
final class GPT2Tests: XCTestCase {
    private let epsilon: Float = 2e-3

    private func assertClose(_ analytic: Float, _ numeric: Float, _ what: String) {
        XCTAssertLessThanOrEqual(
            abs(analytic - numeric), 2e-3 + 0.02 * abs(numeric), "\(what): \(analytic) vs FD \(numeric)")
    }

    func testConfiguration() throws {
        let model = try SequenceClassifier.load(directory: ReferenceFixtures.model("tiny-gpt2"))
        let config = model.config
        XCTAssertEqual(config.architecture, .gpt2)
        XCTAssertEqual(config.hiddenSize, 32)
        XCTAssertEqual(config.intermediateSize, 128, "n_inner null is 4 · n_embd")
        XCTAssertEqual(config.activation, .geluTanh)
        XCTAssertEqual(config.layerNormEpsilon, 1e-5)
        XCTAssertEqual(config.maxSequenceLength, 64)
        XCTAssertTrue(config.hasPadToken)
        XCTAssertEqual(config.padTokenID, 0)
        XCTAssertEqual(model.decoder?.blocks.count, 2)
        XCTAssertEqual(model.decoder?.blocks[0].inner.weight.shape, [128, 32], "c_fc [32, 128] loaded transposed")
    }

    func testForwardParity() throws {
        _ = try FamilyParityChecks.forward(fixture: "tiny-gpt2")
    }

    /// Maps are causal: zero above the diagonal, rows summing to 1.
    func testAttentionIsCausal() throws {
        let model = try SequenceClassifier.load(directory: ReferenceFixtures.model("tiny-gpt2"))
        let result = try model.forward(TokenBatch([[5, 9, 17, 30, 2, 44]]))
        for attention in result.attentions {
            for head in 0..<model.config.headCount {
                for row in 0..<6 {
                    var total: Float = 0
                    for column in 0..<6 {
                        if column > row { XCTAssertEqual(attention[0, head, row, column], 0) }
                        total += attention[0, head, row, column]
                    }
                    XCTAssertEqual(total, 1, accuracy: 1e-5)
                }
            }
        }
    }

    /// The pooled token is the last that is not padding; without `pad_token_id`, the last token.
    func testPooledToken() throws {
        let model = try SequenceClassifier.load(directory: ReferenceFixtures.model("tiny-gpt2"))
        XCTAssertEqual(model.pooledTokenIndex([5, 9, 17]), 2)
        XCTAssertEqual(model.pooledTokenIndex([5, 9, 0, 0]), 1, "trailing pad (= eos) tokens are skipped")
        XCTAssertEqual(model.pooledTokenIndex([5, 0, 9]), 2)
        let result = try model.forward(TokenBatch([[5, 9, 17], [5, 9, 17, 30, 8]]), recording: .logits)
        XCTAssertEqual(result.pooledTokens, [2, 4])
        let noPad = try FamilyParityChecks.editedCopy(of: "tiny-gpt2") { $0["pad_token_id"] = nil }
        defer { try? FileManager.default.removeItem(at: noPad) }
        let unpadded = try SequenceClassifier.load(directory: noPad)
        XCTAssertFalse(unpadded.config.hasPadToken)
        XCTAssertEqual(unpadded.pooledTokenIndex([5, 9, 0]), 2)
        XCTAssertEqual(
            try SequenceClassifier.load(directory: ReferenceFixtures.model("tiny-bert")).pooledTokenIndex([2, 5, 3]), 0)
    }

    /// ∂logit/∂A for every layer, head, row and column, and ∂logit/∂inputs_embeds, against central differences
    /// on a tiny random GPT-2 (C = 8, two layers, pre-norm blocks, Conv1D layers, `score`).
    func testGradientsMatchFiniteDifferences() throws {
        let model = TinyModels.random(TinyModels.config(.gpt2, activation: .geluTanh), seed: 17)
        let ids = [4, 7, 11, 3, 19, 5]
        let batch = try TokenBatch([ids])
        let (padded, embeds) = try model.inputs(batch)
        let recorded = model.forward(batch, ids: padded, inputsEmbeds: embeds, recording: .backward)
        var largest: Float = 0
        for target in 0..<3 {
            let gradients = model.backward(recorded, target: target)
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
                            // Above the diagonal too: A is 0 there but multiplies V, as in autograd.
                            let analytic = gradients.attention[layer][head, row, column]
                            largest = max(largest, abs(numeric))
                            assertClose(analytic, numeric, "target \(target) ∂/∂A[\(layer)][\(head),\(row),\(column)]")
                        }
                    }
                }
            }
            for index in 0..<embeds.count {
                func logit(_ delta: Float) -> Float {
                    var moved = embeds
                    moved.scalars[index] += delta
                    return model.forward(batch, ids: padded, inputsEmbeds: moved, recording: .logits).logits
                        .scalars[target]
                }
                assertClose(
                    gradients.inputsEmbeds.scalars[index], (logit(epsilon) - logit(-epsilon)) / (2 * epsilon),
                    "target \(target) ∂/∂inputs_embeds[\(index)]")
            }
        }
        XCTAssertGreaterThan(largest, 1e-2, "gradients too small for the test to be sensitive")
    }

    /// A Conv1D (`y = x · W + b`, W `[in, out]`) loaded as a Linear gives the same product.
    func testConv1DLayout() throws {
        let config = TinyModels.config(.gpt2)
        let model = TinyModels.random(config, seed: 3)
        let stored = try XCTUnwrap(model.parameters["h.0.mlp.c_fc.weight"])  // [C, I] as in the checkpoint
        XCTAssertEqual(stored.shape, [8, 16])
        let layer = try XCTUnwrap(model.decoder?.blocks[0].inner)
        let x = Tensor(shape: [2, 8], scalars: (0..<16).map { Float($0) / 7 - 1 })
        let y = layer.forward(x)
        for r in 0..<2 {
            for o in 0..<16 {
                var expected = layer.bias.scalars[o]
                for i in 0..<8 { expected += x.scalars[r * 8 + i] * stored.scalars[i * 16 + o] }
                XCTAssertEqual(y[r, o], expected, accuracy: 1e-5)
            }
        }
    }

    func testHostileConfigurationsNameTheField() throws {
        let cases: [(String, (inout [String: Any]) -> Void, [String])] = [
            ("no n_embd", { $0["n_embd"] = nil }, ["n_embd", "missing"]),
            ("heads", { $0["n_head"] = 5 }, ["n_embd", "n_head"]),
            ("inverse layer", { $0["scale_attn_by_inverse_layer_idx"] = true }, ["scale_attn_by_inverse_layer_idx"]),
            ("unscaled", { $0["scale_attn_weights"] = false }, ["scale_attn_weights"]),
            ("activation", { $0["activation_function"] = "swish" }, ["activation_function", "swish"]),
            ("dropout", { $0["attn_pdrop"] = 1.5 }, ["attn_pdrop", "1.5"]),
            ("layers", { $0["n_layer"] = 3 }, ["n_layer", "3", "2 layers"]),
            ("positions", { $0["n_positions"] = "many" }, ["n_positions", "wrong type"]),
        ]
        for (what, edit, fragments) in cases {
            let directory = try FamilyParityChecks.editedCopy(of: "tiny-gpt2", edit)
            defer { try? FileManager.default.removeItem(at: directory) }
            XCTAssertThrowsError(try SequenceClassifier.load(directory: directory), what) { error in
                guard case .invalidConfiguration(let path, let detail) = error as? ModelError else {
                    return XCTFail("\(what): not an invalid configuration: \(error)")
                }
                XCTAssertEqual(path, directory.appendingPathComponent("config.json").path, what)
                for fragment in fragments { XCTAssertTrue(detail.contains(fragment), "\(what): '\(detail)'") }
            }
        }
    }

    func testTrainingIsRefusedAndSaveRoundTrips() throws {
        let model = try SequenceClassifier.load(directory: ReferenceFixtures.model("tiny-gpt2"))
        var generator = SeededGenerator(seed: 1)
        XCTAssertThrowsError(
            try model.trainingStep(TokenBatch([[5, 9]]), labels: [0], dropout: .none, generator: &generator)
        ) { error in
            XCTAssertTrue("\(error)".contains("gpt2"), "\(error)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gpt2-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try model.save(to: directory)
        let names = try SafetensorsFile(path: directory.appendingPathComponent("model.safetensors").path).names
        XCTAssertTrue(names.contains("transformer.h.0.attn.c_attn.weight"))
        XCTAssertTrue(names.contains("score.weight"))
        XCTAssertFalse(names.contains("score.bias"))
        let reloaded = try SequenceClassifier.load(directory: directory)
        XCTAssertEqual(reloaded.config, model.config)
        let batch = try TokenBatch([[5, 9, 17, 30], [5, 9]])
        XCTAssertEqual(
            try reloaded.forward(batch).logits.maxAbsoluteDifference(to: try model.forward(batch).logits), 0)
    }
}
