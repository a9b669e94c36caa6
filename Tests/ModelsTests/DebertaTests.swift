import Foundation
import Support
import Tensors
import XCTest

@testable import Models

/// DeBERTa-v2/v3 (`model_type: "deberta-v2"`) against `transformers` (fixtures of
/// `Scripts/reference/deberta_fixtures.py`), finite differences through the disentangled attention, and the
/// configurations it refuses.
///
/// Tolerances: logits max |Δ| ≤ 1e-4, attention max |Δ| ≤ 1e-5 (also every map of a right-padded batch).
final class DebertaTests: XCTestCase {
    private let logitTolerance: Float = 1e-4
    private let attentionTolerance: Float = 1e-5

    /// `expected/cases.json` of a DeBERTa fixture (token ids fed directly; no tokenizer involved).
    private struct Cases: Decodable {
        struct Case: Decodable {
            let name: String
            let ids: [Int]
            let logits: [Float]
        }
        struct Batch: Decodable {
            let ids: [[Int]]
            let attentionMask: [[Int]]
            let logits: [[Float]]
            enum CodingKeys: String, CodingKey {
                case ids, logits
                case attentionMask = "attention_mask"
            }
        }
        let cases: [Case]
        let batch: Batch
        /// rel for the distances i − j = 63, 62, …, −63.
        let relativePositions: [Int]
        enum CodingKeys: String, CodingKey {
            case cases, batch
            case relativePositions = "relative_positions"
        }
    }

    private func checkParity(_ name: String) throws {
        let directory = ReferenceFixtures.model(name)
        let model = try SequenceClassifier.load(directory: directory)
        XCTAssertEqual(model.config.architecture, .debertaV2)
        let fixture = try JSONDecoder().decode(
            Cases.self, from: Data(contentsOf: directory.appendingPathComponent("expected/cases.json")))
        let attention = try SafetensorsFile(
            path: directory.appendingPathComponent("expected/attention.safetensors").path)
        // The relative positions (buckets included) for 64 tokens, as build_relative_position gives them.
        let positions = try XCTUnwrap(model.deberta?.relativePositions(length: 64))
        var distances: [Int] = (0..<64).map { positions.relative[63 * 64 + $0] }  // 63 … 0
        for i in stride(from: 62, through: 0, by: -1) { distances.append(positions.relative[i * 64 + 63]) }  // −1 … −63
        XCTAssertEqual(distances, fixture.relativePositions, "\(name) relative positions")
        var worstLogit: Float = 0
        var worstAttention: Float = 0
        for (c, testCase) in fixture.cases.enumerated() {
            let result = try model.forward(TokenBatch([testCase.ids]))
            for (k, expected) in testCase.logits.enumerated() {
                let difference = abs(result.logits[0, k] - expected)
                worstLogit = max(worstLogit, difference)
                XCTAssertLessThanOrEqual(difference, logitTolerance, "\(name) case '\(testCase.name)' logit \(k)")
            }
            for layer in 0..<model.config.layerCount {
                let reference = try attention.tensor("case\(c).layer\(layer).attention")
                let difference = result.attentions[layer].slice(0).maxAbsoluteDifference(to: reference)
                worstAttention = max(worstAttention, difference)
                XCTAssertLessThanOrEqual(
                    difference, attentionTolerance, "\(name) case '\(testCase.name)' layer \(layer)")
            }
        }
        // The right-padded batch: logits, and the padded rows' last maps as transformers returns them (padded query
        // rows uniform over all keys).
        let sequences = fixture.batch.ids.enumerated().map { b, ids in
            Array(ids.prefix(fixture.batch.attentionMask[b].reduce(0, +)))
        }
        let batched = try model.forward(TokenBatch(sequences))
        for (b, expected) in fixture.batch.logits.enumerated() {
            for (k, value) in expected.enumerated() {
                let difference = abs(batched.logits[b, k] - value)
                worstLogit = max(worstLogit, difference)
                XCTAssertLessThanOrEqual(difference, logitTolerance, "\(name) batch row \(b) logit \(k)")
            }
            let last = model.config.layerCount - 1
            guard sequences[b].count < fixture.batch.ids[b].count else { continue }  // maps stored for padded rows
            let reference = try attention.tensor("batch.row\(b).layer\(last).attention")
            let difference = batched.attentions[last].slice(b).maxAbsoluteDifference(to: reference)
            worstAttention = max(worstAttention, difference)
            XCTAssertLessThanOrEqual(difference, attentionTolerance, "\(name) batch row \(b) last layer")
        }
        print("parity \(name): logits max |Δ| \(worstLogit), attention max |Δ| \(worstAttention)")
    }

    func testTinyDeBERTaV3MatchesTransformers() throws { try checkParity("tiny-deberta-v3") }

    func testSeparatePositionProjectionsMatchTransformers() throws { try checkParity("tiny-deberta-v2-separate") }

    func testLogBucketsAreSymmetricAndExactNearZero() {
        for d in -3...3 { XCTAssertEqual(RelativePositions.logBucket(d, buckets: 8, limit: 16), d) }
        for d in 1..<200 {
            XCTAssertEqual(
                RelativePositions.logBucket(-d, buckets: 256, limit: 512),
                -RelativePositions.logBucket(d, buckets: 256, limit: 512))
        }
        // DeBERTa-v3-base: 256 buckets over 512 positions; distance 511 maps to the last bucket.
        XCTAssertEqual(RelativePositions.logBucket(128, buckets: 256, limit: 512), 128)
        // Values from transformers' make_log_bucket_position(…, 256, 512).
        for (d, bucket) in [(129, 129), (200, 169), (511, 255), (1000, 317), (-511, -255)] {
            XCTAssertEqual(RelativePositions.logBucket(d, buckets: 256, limit: 512), bucket, "distance \(d)")
        }
    }
}

// MARK: - Finite differences

extension DebertaTests {
    /// Tiny random DeBERTa configurations: C = 8, H = 2, 2 layers, both relative terms, shared or separate
    /// projections, buckets (4 over 10 distances) or clamping only, token types and a narrower embedding, the
    /// convolution after the first layer (grouped, GELU; and kernel 5, tanh).
    static func tinyConfigs() -> [(String, ModelConfiguration)] {
        func config(_ settings: DebertaSettings, types: Int = 0) -> ModelConfiguration {
            ModelConfiguration(
                architecture: .debertaV2, vocabularySize: 30, hiddenSize: 8, layerCount: 2, headCount: 2,
                intermediateSize: 16, maxPositions: 20, typeVocabularySize: types, layerNormEpsilon: 1e-7,
                labels: ["approve", "refer", "decline"], deberta: settings)
        }
        return [
            ("shared, buckets", config(DebertaSettings(maxRelativePositions: 10, positionBuckets: 4))),
            (
                "separate, clamped, projected",
                config(
                    DebertaSettings(
                        maxRelativePositions: 3, shareAttentionKey: false, normalizesRelativeEmbeddings: false,
                        positionBiasedInput: true, embeddingSize: 6, poolerActivation: .tanh,
                        convolution: .init(kernelSize: 3, groups: 2, activation: .activation(.gelu))), types: 2)
            ),
            (
                "convolution, buckets",
                config(
                    DebertaSettings(
                        maxRelativePositions: 10, positionBuckets: 4, convolution: .init(kernelSize: 5)))
            ),
            ("c2p only", config(DebertaSettings(maxRelativePositions: 4, positionAttention: [.c2p]))),
            ("no relative attention", config(DebertaSettings(relativeAttention: false, positionBiasedInput: true))),
            ("p2c only, separate", config(DebertaSettings(positionAttention: [.p2c], shareAttentionKey: false))),
        ]
    }

    private func assertClose(_ analytic: Float, _ numeric: Float, _ what: String) {
        XCTAssertLessThanOrEqual(
            abs(analytic - numeric), 2e-3 + 0.02 * abs(numeric), "\(what): \(analytic) vs FD \(numeric)")
    }

    /// ∂logit/∂A of every head, row and column, and ∂logit/∂inputs_embeds, against central differences: the
    /// gradient goes from the probabilities back through c2p and p2c into the earlier layer.
    func testDisentangledAttentionGradientsMatchFiniteDifferences() throws {
        let ids = [1, 7, 11, 3, 19, 5, 2]
        let epsilon: Float = 2e-3
        for (label, config) in Self.tinyConfigs() {
            let model = TinyModels.random(config, seed: 17)
            let batch = try TokenBatch([ids])
            let (padded, embeds) = try model.inputs(batch)
            let recorded = model.forward(batch, ids: padded, inputsEmbeds: embeds, recording: .backward)
            let gradients = model.backward(recorded, target: 2)
            var largest: Float = 0
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
                                ).logits.scalars[2]
                            }
                            let numeric = (logit(epsilon) - logit(-epsilon)) / (2 * epsilon)
                            largest = max(largest, abs(numeric))
                            assertClose(
                                gradients.attention[layer][head, row, column], numeric,
                                "\(label) ∂/∂A[\(layer)][\(head),\(row),\(column)]")
                        }
                    }
                }
            }
            XCTAssertGreaterThan(largest, 1e-2, "\(label): gradients too small for the test to be sensitive")
            XCTAssertEqual(gradients.inputsEmbeds.shape, embeds.shape)
            for index in 0..<embeds.count {
                func logit(_ delta: Float) -> Float {
                    var moved = embeds
                    moved.scalars[index] += delta
                    return model.forward(batch, ids: padded, inputsEmbeds: moved, recording: .logits).logits.scalars[2]
                }
                let numeric = (logit(epsilon) - logit(-epsilon)) / (2 * epsilon)
                assertClose(gradients.inputsEmbeds.scalars[index], numeric, "\(label) ∂/∂inputs_embeds[\(index)]")
            }
        }
    }

    /// Padding inside a batch changes neither the logits nor the real rows' maps; the observer sees every head.
    func testPaddedBatchEqualsSequencesRunAlone() throws {
        for (label, config) in Self.tinyConfigs() {
            let model = TinyModels.random(config, seed: 5)
            let sequences = [[1, 9, 4, 13, 8, 2], [1, 17, 2], [1, 5, 6, 7, 2]]
            let batched = try model.forward(TokenBatch(sequences))
            for (s, sequence) in sequences.enumerated() {
                let alone = try model.forward(TokenBatch([sequence]))
                for k in 0..<3 {
                    XCTAssertEqual(batched.logits[s, k], alone.logits[0, k], accuracy: 1e-5, "\(label) \(s) logit \(k)")
                }
                let n = sequence.count
                for layer in 0..<2 {
                    for head in 0..<2 {
                        for i in 0..<n {
                            for j in 0..<n {
                                XCTAssertEqual(
                                    batched.attentions[layer][s, head, i, j], alone.attentions[layer][0, head, i, j],
                                    accuracy: 1e-6)
                            }
                        }
                    }
                }
            }
        }
    }

    func testFineTuningIsRefusedWithAClearError() throws {
        let model = TinyModels.random(Self.tinyConfigs()[0].1, seed: 1)
        var generator = SeededGenerator(seed: 1)
        XCTAssertThrowsError(
            try model.trainingStep(try TokenBatch([[1, 2]]), labels: [0], dropout: .none, generator: &generator)
        ) { error in
            XCTAssertTrue("\(error)".contains("deberta-v2"), "\(error)")
        }
        XCTAssertThrowsError(try model.save(to: FileManager.default.temporaryDirectory.appendingPathComponent("x")))
    }
}

// MARK: - Configurations it refuses

extension DebertaTests {
    /// A copy of tiny-deberta-v3 whose config.json `edit` changes, loaded.
    private func load(editing edit: (inout [String: Any]) -> Void) throws -> SequenceClassifier {
        let manager = FileManager.default
        let directory = manager.temporaryDirectory.appendingPathComponent("deberta-\(UUID().uuidString)")
        try manager.copyItem(at: ReferenceFixtures.model("tiny-deberta-v3"), to: directory)
        defer { try? manager.removeItem(at: directory) }
        let url = directory.appendingPathComponent("config.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        edit(&json)
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        return try SequenceClassifier.load(directory: directory)
    }

    private func expectInvalid(
        _ fragments: [String], file: StaticString = #filePath, line: UInt = #line,
        _ edit: (inout [String: Any]) -> Void
    ) {
        XCTAssertThrowsError(try load(editing: edit), file: file, line: line) { error in
            guard case .invalidConfiguration(let path, let detail) = error as? ModelError else {
                return XCTFail("not an invalid configuration: \(error)", file: file, line: line)
            }
            XCTAssertTrue(path.hasSuffix("config.json"), path, file: file, line: line)
            for fragment in fragments {
                XCTAssertTrue(detail.contains(fragment), "'\(detail)' lacks '\(fragment)'", file: file, line: line)
            }
        }
    }

    func testHostileConfigurationsNameTheField() throws {
        expectInvalid(["pos_att_type", "p2p"]) { $0["pos_att_type"] = ["c2p", "p2p"] }
        expectInvalid(["pos_att_type", "c2q"]) { $0["pos_att_type"] = "p2c|c2q" }
        expectInvalid(["pos_att_type", "wrong type"]) { $0["pos_att_type"] = 3 }
        expectInvalid(["position_buckets", "-5"]) { $0["position_buckets"] = -5 }
        expectInvalid(["position_buckets", "at least 2"]) { $0["position_buckets"] = 1 }
        expectInvalid(["max_relative_positions", "position_buckets"]) { $0["max_relative_positions"] = 4 }
        expectInvalid(["conv_kernel_size", "odd"]) { $0["conv_kernel_size"] = 2 }
        expectInvalid(["conv_groups", "5"]) {
            $0["conv_kernel_size"] = 3
            $0["conv_groups"] = 5
        }
        expectInvalid(["conv_act", "swish"]) {
            $0["conv_kernel_size"] = 3
            $0["conv_act"] = "swish"
        }
        expectInvalid(["pooler_hidden_size", "16"]) { $0["pooler_hidden_size"] = 16 }
        expectInvalid(["pooler_hidden_act", "swish"]) { $0["pooler_hidden_act"] = "swish" }
        expectInvalid(["norm_rel_ebd", "batch_norm"]) { $0["norm_rel_ebd"] = "layer_norm|batch_norm" }
        expectInvalid(["type_vocab_size", "-1"]) { $0["type_vocab_size"] = -1 }
        expectInvalid(["embedding_size", "0"]) { $0["embedding_size"] = 0 }
        expectInvalid(["attention_head_size"]) { $0["attention_head_size"] = 4 }
        expectInvalid(["share_att_key", "wrong type"]) { $0["share_att_key"] = "yes" }
    }

    /// Settings that change which tensors exist are checked against the checkpoint, naming file and tensor.
    func testSettingsThatDisagreeWithTheCheckpointNameTheTensor() throws {
        XCTAssertThrowsError(try load { $0["share_att_key"] = false }) { error in
            guard case .missingTensor(_, let tensor, _) = error as? ModelError else { return XCTFail("\(error)") }
            XCTAssertTrue(tensor.hasPrefix("deberta.encoder.layer."), tensor)
        }
        XCTAssertThrowsError(try load { $0["position_buckets"] = 4 }) { error in
            guard case .shapeMismatch(_, let tensor, _, _) = error as? ModelError else { return XCTFail("\(error)") }
            XCTAssertEqual(tensor, "deberta.encoder.rel_embeddings.weight")
        }
        XCTAssertThrowsError(try load { $0["conv_kernel_size"] = 3 }) { error in
            guard case .missingTensor(_, let tensor, _) = error as? ModelError else { return XCTFail("\(error)") }
            XCTAssertTrue(tensor.hasPrefix("deberta.encoder.conv."), tensor)
        }
        XCTAssertThrowsError(try load { $0["norm_rel_ebd"] = "none" }) { error in
            guard case .unexpectedTensor(_, let tensor) = error as? ModelError else { return XCTFail("\(error)") }
            XCTAssertTrue(tensor.hasPrefix("deberta.encoder.LayerNorm"), tensor)
        }
    }

    /// transformers ignores a DeBERTa checkpoint's absolute position table when `position_biased_input` is false
    /// (`_keys_to_ignore_on_load_unexpected`); so does the engine, and the logits stay the same.
    func testUnusedPositionTableIsIgnoredAsTransformersDoes() throws {
        let manager = FileManager.default
        let directory = manager.temporaryDirectory.appendingPathComponent("deberta-\(UUID().uuidString)")
        try manager.copyItem(at: ReferenceFixtures.model("tiny-deberta-v3"), to: directory)
        defer { try? manager.removeItem(at: directory) }
        let weights = directory.appendingPathComponent("model.safetensors")
        let original = try SafetensorsFile(path: weights.path)
        var writer = SafetensorsWriter()
        for name in original.names { writer.add(name, try original.tensor(name)) }
        writer.add("deberta.embeddings.position_embeddings.weight", Tensor(zeros: [64, 32], value: 0.5))
        try manager.removeItem(at: weights)
        try writer.write(to: weights)
        let model = try SequenceClassifier.load(directory: directory)
        let reference = try SequenceClassifier.load(directory: ReferenceFixtures.model("tiny-deberta-v3"))
        let batch = try TokenBatch([[1, 40, 17, 9, 2]])
        XCTAssertEqual(
            try model.forward(batch, recording: .logits).logits.maxAbsoluteDifference(
                to: try reference.forward(batch, recording: .logits).logits), 0)
    }

    /// The spellings transformers accepts load: pos_att_type as "P2C | c2p", position_buckets -1 with a table
    /// of 2·max_relative_positions rows (shape checked against the checkpoint, so here 8 distances).
    func testTransformersSpellingsLoad() throws {
        let model = try load {
            $0["pos_att_type"] = "P2C | c2p"
        }
        XCTAssertEqual(model.config.deberta?.positionAttention, [.p2c, .c2p])
        let unbucketed = try load {
            $0["position_buckets"] = -1
            $0["max_relative_positions"] = 8
        }
        XCTAssertEqual(unbucketed.config.deberta?.positionBuckets, 0)
        XCTAssertEqual(unbucketed.config.deberta?.attentionSpan(unbucketed.config), 8)
    }
}
