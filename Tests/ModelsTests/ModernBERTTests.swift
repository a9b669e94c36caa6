import Foundation
import Support
import Tensors
import XCTest

@testable import Models

/// ModernBERT: both configuration forms, the sliding window, finite differences through rotary positions, GeGLU,
/// pre-norm layers and both poolings, hostile configurations, and what is refused. Parity with `transformers` is in
/// `ReferenceParityTests` (forward) and `MethodParityTests` (∂logit/∂A and the attribution methods).
final class ModernBERTTests: XCTestCase {
    private let manager = FileManager.default
    private let ids = [2, 7, 11, 3, 19, 5, 8]
    private let epsilon: Float = 2e-3

    /// C = 8, H = 2 (D = 4), 3 layers (global, local, global), I = 12, window 2 (one key on either side).
    private func config(_ pooling: ModernBERTSettings.Pooling, biases: Bool) -> ModelConfiguration {
        ModelConfiguration(
            architecture: .modernbert, vocabularySize: 30, hiddenSize: 8, layerCount: 3, headCount: 2,
            intermediateSize: 12, maxPositions: 20, layerNormEpsilon: 1e-5, padTokenID: 0,
            labels: ["approve", "refer", "decline"],
            modernBERT: ModernBERTSettings(
                layerCount: 3, globalAttentionEvery: 2, globalRopeTheta: 100, localRopeTheta: 10, localAttention: 2,
                pooling: pooling, normBias: biases, attentionBias: biases, mlpBias: biases, classifierBias: biases))
    }

    /// Weights uniform in ±0.6, LayerNorm gains around 1.
    private func model(_ config: ModelConfiguration, seed: UInt64) -> SequenceClassifier {
        var generator = SeededGenerator(seed: seed)
        var tensors: [String: Tensor] = [:]
        for (name, shape) in WeightNames.expectedShapes(for: config).sorted(by: { $0.key < $1.key }) {
            let gain: Float = name.hasSuffix("norm.weight") ? 1 : 0
            tensors[name] = Tensor(
                shape: shape,
                scalars: (0..<shape.reduce(1, *)).map { _ in gain + Float.random(in: -0.6...0.6, using: &generator) })
        }
        guard let checkpoint = try? Checkpoint(tensors: tensors, config: config) else {
            preconditionFailure("tiny ModernBERT checkpoint does not verify")
        }
        return SequenceClassifier(config: config, checkpoint: checkpoint)
    }

    private func assertClose(_ analytic: Float, _ numeric: Float, _ what: String) {
        XCTAssertLessThanOrEqual(
            abs(analytic - numeric), 2e-3 + 0.02 * abs(numeric), "\(what): \(analytic) vs FD \(numeric)")
    }

    // MARK: - Finite differences

    /// ∂logit/∂A of every entry of every head, inside and outside the window, both poolings, with and without biases.
    func testAttentionGradientsMatchFiniteDifferences() throws {
        for (pooling, biases) in [(ModernBERTSettings.Pooling.cls, false), (.mean, true)] {
            let model = model(config(pooling, biases: biases), seed: 7)
            let batch = try TokenBatch([ids])
            let (padded, embeds) = try model.inputs(batch)
            let recorded = model.forward(batch, ids: padded, inputsEmbeds: embeds, recording: .backward)
            let target = 1
            let gradients = model.backward(recorded, target: target)
            var largest: Float = 0
            for layer in 0..<3 {
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
                            largest = max(largest, abs(numeric))
                            assertClose(
                                gradients.attention[layer][head, row, column], numeric,
                                "\(pooling) ∂/∂A[\(layer)][\(head),\(row),\(column)]")
                        }
                    }
                }
            }
            XCTAssertGreaterThan(largest, 1e-2, "\(pooling): gradients too small for the test to be sensitive")
        }
    }

    /// ∂logit/∂inputs_embeds: through the embedding norm, every layer (rotary, GeGLU, pre-norm) and the pooling.
    func testInputEmbeddingGradientsMatchFiniteDifferences() throws {
        for (pooling, biases) in [(ModernBERTSettings.Pooling.cls, true), (.mean, false)] {
            let model = model(config(pooling, biases: biases), seed: 11)
            let batch = try TokenBatch([ids])
            let (padded, embeds) = try model.inputs(batch)
            let recorded = model.forward(batch, ids: padded, inputsEmbeds: embeds, recording: .backward)
            let gradients = model.backward(recorded, target: 2)
            for index in 0..<embeds.count {
                func logit(_ delta: Float) -> Float {
                    var moved = embeds
                    moved.scalars[index] += delta
                    return model.forward(batch, ids: padded, inputsEmbeds: moved, recording: .logits).logits.scalars[2]
                }
                let numeric = (logit(epsilon) - logit(-epsilon)) / (2 * epsilon)
                assertClose(gradients.inputsEmbeds.scalars[index], numeric, "\(pooling) ∂/∂inputs_embeds[\(index)]")
            }
        }
    }

    /// One layer alone, `L = Σ w ⊙ layer(x)`: the first (no attn_norm, global) and the second (pre-norm, sliding
    /// window), so rotary, GeGLU and the pre-norm residuals are each checked without the rest of the model.
    func testLayerBackwardMatchesFiniteDifferences() throws {
        let encoder = try XCTUnwrap(model(config(.cls, biases: true), seed: 3).modernBERT)
        let batch = try TokenBatch([ids])
        var generator = SeededGenerator(seed: 5)
        let n = ids.count * 8
        let x = Tensor(
            shape: [ids.count, 8], scalars: (0..<n).map { _ in Float.random(in: -1...1, using: &generator) })
        let w = Tensor(
            shape: [ids.count, 8], scalars: (0..<n).map { _ in Float.random(in: -1...1, using: &generator) })
        for l in 0..<2 {
            let layer = encoder.layers[l]
            XCTAssertEqual(layer.attentionNorm == nil, l == 0)
            XCTAssertEqual(layer.attention.isGlobal, l == 0)
            let (_, probabilities, cache, _) = layer.forward(
                x, batch: batch, keepCache: true, perturbation: nil, summarize: false, keepProbabilities: true)
            let (dInput, _) = layer.backward(
                w, probabilities: probabilities, cache: try XCTUnwrap(cache), batch: batch,
                keepAttentionGradients: false, visit: nil)
            for index in 0..<n {
                func loss(_ delta: Float) -> Float {
                    var moved = x
                    moved.scalars[index] += delta
                    let y = layer.forward(
                        moved, batch: batch, keepCache: false, perturbation: nil, summarize: false,
                        keepProbabilities: false
                    ).output
                    return zip(y.scalars, w.scalars).map(*).reduce(0, +)
                }
                assertClose(
                    dInput.scalars[index], (loss(epsilon) - loss(-epsilon)) / (2 * epsilon), "layer \(l) ∂/∂x[\(index)]"
                )
            }
        }
    }

    /// The rotation keeps lengths, is the identity at position 0, and its inverse undoes it.
    func testRotaryEmbeddingIsAnOrthogonalRotationByPosition() {
        let rotary = RotaryEmbedding(headSize: 4, theta: 10)
        let (cos, sin) = rotary.tables(length: 3)
        var generator = SeededGenerator(seed: 9)
        let original = (0..<(3 * 3 * 8)).map { _ in Float.random(in: -1...1, using: &generator) }  // [3, 3C], C = 8
        var rotated = original
        rotated.withUnsafeMutableBufferPointer {
            RotaryEmbedding.rotate($0.baseAddress!, rows: 3, length: 3, channels: 8, headSize: 4, cos: cos, sin: sin)
        }
        XCTAssertEqual(Array(rotated[0..<24]), Array(original[0..<24]), "position 0 is not rotated")
        XCTAssertEqual(Array(rotated[(24 + 16)..<48]), Array(original[(24 + 16)..<48]), "values are not rotated")
        XCTAssertNotEqual(Array(rotated[24..<28]), Array(original[24..<28]))
        for start in stride(from: 24, to: 72, by: 4) {
            let pair = { (v: [Float]) in v[start] * v[start] + v[start + 2] * v[start + 2] }
            XCTAssertEqual(pair(rotated), pair(original), accuracy: 1e-5, "rotation keeps each pair's length")
        }
        rotated.withUnsafeMutableBufferPointer {
            RotaryEmbedding.rotate(
                $0.baseAddress!, rows: 3, length: 3, channels: 8, headSize: 4, cos: cos, sin: sin, inverse: true)
        }
        for (a, b) in zip(rotated, original) { XCTAssertEqual(a, b, accuracy: 1e-6) }
    }

    // MARK: - The sliding window and padding

    /// Local layers put no probability outside |i − j| ≤ window / 2; global layers see every real token.
    func testSlidingWindowLayersAttendOnlyWithinTheWindow() throws {
        let model = model(config(.cls, biases: false), seed: 1)
        let result = try model.forward(TokenBatch([ids]))
        for layer in 0..<3 {
            let maps = result.attentions[layer]
            for head in 0..<2 {
                for i in ids.indices {
                    for j in ids.indices {
                        let p = maps[0, head, i, j]
                        if layer == 1 && abs(i - j) > 1 {
                            XCTAssertEqual(p, 0, "layer 1 [\(head), \(i), \(j)] outside the window")
                        } else {
                            XCTAssertGreaterThan(p, 0, "layer \(layer) [\(head), \(i), \(j)]")
                        }
                    }
                }
            }
        }
    }

    /// Padding a sequence inside a batch changes neither its logits nor its real rows' attention, for both poolings.
    func testPaddedBatchEqualsSequencesRunAlone() throws {
        for pooling in [ModernBERTSettings.Pooling.cls, .mean] {
            let model = model(config(pooling, biases: true), seed: 4)
            let sequences = [[2, 9, 4, 13, 8, 3, 7, 7], [2, 17, 3], [2, 5, 6, 7, 3]]
            let batched = try model.forward(TokenBatch(sequences))
            for (s, sequence) in sequences.enumerated() {
                let alone = try model.forward(TokenBatch([sequence]))
                for k in 0..<3 {
                    XCTAssertEqual(batched.logits[s, k], alone.logits[0, k], accuracy: 1e-5, "\(pooling) row \(s)")
                }
                let n = sequence.count
                for layer in 0..<3 {
                    for head in 0..<2 {
                        for i in 0..<n {
                            for j in 0..<8 {
                                let expected = j < n ? alone.attentions[layer][0, head, i, j] : 0
                                XCTAssertEqual(
                                    batched.attentions[layer][s, head, i, j], expected, accuracy: 1e-6,
                                    "\(pooling) sequence \(s) layer \(layer) [\(head), \(i), \(j)]")
                            }
                        }
                    }
                }
            }
        }
    }

    // MARK: - Configuration forms

    /// The fixture's `config.json` as transformers 5 writes it (`layer_types`, `rope_parameters`), the same without
    /// `global_attn_every_n_layers`, and rewritten by hand into the older form (`global_attn_every_n_layers`,
    /// `global_rope_theta`, `local_rope_theta`): the same configuration and the same logits.
    func testBothConfigurationFormsLoadTheSameModel() throws {
        for name in ["tiny-modernbert", "tiny-modernbert-mean"] {
            let source = ReferenceFixtures.model(name)
            let current = try SequenceClassifier.load(directory: source)
            let settings = try XCTUnwrap(current.config.modernBERT)
            let json = try XCTUnwrap(
                JSONSerialization.jsonObject(with: Data(contentsOf: source.appendingPathComponent("config.json")))
                    as? [String: Any])
            let types = try XCTUnwrap(json["layer_types"] as? [String])
            let rope = try XCTUnwrap(json["rope_parameters"] as? [String: [String: Any]])
            XCTAssertEqual(settings.globalLayers, types.map { $0 == "full_attention" })
            XCTAssertEqual(settings.globalRopeTheta, Float(rope["full_attention"]?["rope_theta"] as? Double ?? 0))
            XCTAssertEqual(settings.localRopeTheta, Float(rope["sliding_attention"]?["rope_theta"] as? Double ?? 0))
            XCTAssertEqual(current.config.maxSequenceLength, json["max_position_embeddings"] as? Int)

            var newOnly = json
            newOnly["global_attn_every_n_layers"] = nil
            var legacy = json
            legacy["layer_types"] = nil
            legacy["rope_parameters"] = nil
            legacy["global_rope_theta"] = rope["full_attention"]?["rope_theta"]
            legacy["local_rope_theta"] = rope["sliding_attention"]?["rope_theta"]
            XCTAssertNotNil(legacy["global_attn_every_n_layers"])
            var nullRope = legacy  // a null entry falls back to the old fields, as in transformers
            nullRope["rope_parameters"] = ["full_attention": NSNull(), "sliding_attention": NSNull()]
            for (form, object) in [("layer_types only", newOnly), ("legacy", legacy), ("null rope", nullRope)] {
                let directory = manager.temporaryDirectory.appendingPathComponent("modernbert-\(UUID().uuidString)")
                defer { try? manager.removeItem(at: directory) }
                try manager.copyItem(at: source, to: directory)
                try JSONSerialization.data(withJSONObject: object).write(
                    to: directory.appendingPathComponent("config.json"))
                let loaded = try SequenceClassifier.load(directory: directory)
                XCTAssertEqual(loaded.config, current.config, "\(name) \(form)")
                let sequence = try TokenBatch([[0, 45, 97, 180, 23, 9, 77, 301, 150, 64, 12, 2]])
                XCTAssertEqual(
                    try loaded.forward(sequence, recording: .logits).logits.scalars,
                    try current.forward(sequence, recording: .logits).logits.scalars, "\(name) \(form) logits")
            }
        }
    }

    /// ModernBERT reports its real maximum (its positions are rotary, not a table) and the explainer's default window
    /// is bounded by the attention maps' memory, `L·H·T²·4` bytes.
    func testMaximumLengthAndMemoryBound() throws {
        var config = config(.cls, biases: false)
        config.maxPositions = 8192
        XCTAssertEqual(config.maxSequenceLength, 8192)
        XCTAssertEqual(config.longestSequenceFitting(memory: 64 << 30), 8192)
        // 3 layers × 2 heads × T² × 4 bytes ≤ memory / 2  ⇔  T ≤ √(memory / 48)
        XCTAssertEqual(config.longestSequenceFitting(memory: 48 << 20), 1024)
        XCTAssertNoThrow(try config.checkSizes(file: "config.json", labelCount: 3, memory: 1 << 30))
    }

    // MARK: - Hostile configurations and what is refused

    private func expectInvalid(
        _ edit: (inout [String: Any]) -> Void, _ fragments: String..., file: StaticString = #filePath,
        line: UInt = #line
    ) throws {
        let directory = manager.temporaryDirectory.appendingPathComponent("modernbert-\(UUID().uuidString)")
        defer { try? manager.removeItem(at: directory) }
        try manager.copyItem(at: ReferenceFixtures.model("tiny-modernbert"), to: directory)
        let url = directory.appendingPathComponent("config.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        edit(&json)
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        XCTAssertThrowsError(try SequenceClassifier.load(directory: directory), file: file, line: line) { error in
            guard case .invalidConfiguration(let path, let detail) = error as? ModelError else {
                return XCTFail("not an invalid configuration: \(error)", file: file, line: line)
            }
            XCTAssertEqual(path, url.path, file: file, line: line)
            for fragment in fragments {
                XCTAssertTrue(detail.contains(fragment), "'\(detail)' lacks '\(fragment)'", file: file, line: line)
            }
        }
    }

    func testHostileConfigurationsNameTheField() throws {
        try expectInvalid({ $0["layer_types"] = ["full_attention"] }, "layer_types", "num_hidden_layers")
        try expectInvalid(
            { $0["layer_types"] = ["full_attention", "chunked_attention", "full_attention"] }, "layer_types[1]",
            "chunked_attention")
        try expectInvalid(
            { $0["rope_parameters"] = ["full_attention": ["rope_type": "yarn", "rope_theta": 10.0]] },
            "rope_parameters.full_attention.rope_type", "yarn")
        try expectInvalid(
            { $0["rope_parameters"] = ["sliding_attention": ["rope_type": "default", "rope_theta": -1.0]] },
            "rope_parameters.sliding_attention.rope_theta")
        try expectInvalid(
            {
                $0["rope_parameters"] = nil
                $0["global_rope_theta"] = 0.0
            }, "global_rope_theta")
        try expectInvalid({ $0["rope_scaling"] = ["rope_type": "linear", "factor": 2.0] }, "rope_scaling", "linear")
        try expectInvalid(
            {
                $0["layer_types"] = nil
                $0["global_attn_every_n_layers"] = 0
            }, "global_attn_every_n_layers")
        try expectInvalid({ $0["local_attention"] = -4 }, "local_attention")
        try expectInvalid({ $0["classifier_pooling"] = "max" }, "classifier_pooling", "max")
        try expectInvalid({ $0["hidden_activation"] = "swish" }, "hidden_activation", "swish")
        try expectInvalid({ $0["classifier_activation"] = "tanh" }, "classifier_activation", "tanh")
        try expectInvalid({ $0["norm_eps"] = 0.0 }, "norm_eps")
        try expectInvalid({ $0["mlp_dropout"] = 1.0 }, "mlp_dropout")
        try expectInvalid({ $0["num_attention_heads"] = 32 }, "head size 1", "even")
        try expectInvalid({ $0["local_attention"] = "wide" }, "local_attention", "wrong type")
    }

    /// A bias the configuration says is absent (or the reverse) is an error naming the tensor, as for every family.
    func testBiasFlagsMustMatchTheCheckpoint() throws {
        let directory = manager.temporaryDirectory.appendingPathComponent("modernbert-\(UUID().uuidString)")
        defer { try? manager.removeItem(at: directory) }
        try manager.copyItem(at: ReferenceFixtures.model("tiny-modernbert"), to: directory)
        let url = directory.appendingPathComponent("config.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        json["mlp_bias"] = true
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        XCTAssertThrowsError(try SequenceClassifier.load(directory: directory)) { error in
            guard case .missingTensor(_, let tensor, _) = error as? ModelError else {
                return XCTFail("not a missing tensor: \(error)")
            }
            XCTAssertTrue(tensor.hasPrefix("model.layers.0.mlp.W") && tensor.hasSuffix(".bias"), tensor)
        }
        try manager.copyItem(
            at: ReferenceFixtures.model("tiny-modernbert-mean").appendingPathComponent("model.safetensors"),
            to: directory.appendingPathComponent("biased.safetensors"))
        json["mlp_bias"] = false
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        try manager.removeItem(at: directory.appendingPathComponent("model.safetensors"))
        try manager.moveItem(
            at: directory.appendingPathComponent("biased.safetensors"),
            to: directory.appendingPathComponent("model.safetensors"))
        XCTAssertThrowsError(try SequenceClassifier.load(directory: directory)) { error in
            guard case .unexpectedTensor(_, let tensor) = error as? ModelError else {
                return XCTFail("not an unexpected tensor: \(error)")
            }
            XCTAssertTrue(tensor.hasSuffix(".bias"), tensor)
        }
    }

    func testFineTuningIsRefusedWithAClearError() throws {
        let model = model(config(.cls, biases: false), seed: 2)
        var generator = SeededGenerator(seed: 1)
        XCTAssertThrowsError(
            try model.trainingStep(TokenBatch([ids]), labels: [0], dropout: .none, generator: &generator)
        ) { error in
            guard case .invalidTrainingData(let detail) = error as? ModelError else { return XCTFail("\(error)") }
            XCTAssertTrue(detail.contains("ModernBERT"), detail)
        }
    }
}
