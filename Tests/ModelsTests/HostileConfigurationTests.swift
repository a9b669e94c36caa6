import Foundation
import Tensors
import XCTest

@testable import Models

/// Configurations a hub or a colleague could hand over that once trapped, hung or indexed past a table: each is
/// now one `ModelError` naming `config.json` and the field, raised before any weight is read.
final class HostileConfigurationTests: XCTestCase {
    private var directory: URL!
    private let manager = FileManager.default

    override func setUpWithError() throws {
        directory = manager.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        try manager.copyItem(at: ReferenceFixtures.model("tiny-bert"), to: directory)
    }

    override func tearDownWithError() throws { try? manager.removeItem(at: directory) }

    private var config: URL { directory.appendingPathComponent("config.json") }

    /// Rewrites config.json after `edit` changes its fields (nil removes one).
    private func editConfig(_ edit: (inout [String: Any]) -> Void) throws {
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: config)) as? [String: Any] ?? [:]
        edit(&json)
        try JSONSerialization.data(withJSONObject: json).write(to: config)
    }

    /// Expects loading to fail with `invalidConfiguration` naming config.json and mentioning every fragment.
    private func expectInvalid(
        _ fragments: String..., file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try SequenceClassifier.load(directory: directory), file: file, line: line) { error in
            guard case .invalidConfiguration(let path, let detail) = error as? ModelError else {
                return XCTFail("not an invalid configuration: \(error)", file: file, line: line)
            }
            XCTAssertEqual(path, config.path, file: file, line: line)
            for fragment in fragments {
                XCTAssertTrue(detail.contains(fragment), "'\(detail)' lacks '\(fragment)'", file: file, line: line)
            }
        }
    }

    // MARK: - The crashes of issue 16

    /// `0..<(numLabels ?? 2)` trapped on a negative count.
    func testNegativeNumLabelsIsAnError() throws {
        try editConfig {
            $0["id2label"] = nil
            $0["label2id"] = nil
            $0["num_labels"] = -3
        }
        expectInvalid("num_labels", "-3")
        try editConfig { $0["num_labels"] = 1 }
        expectInvalid("num_labels", "regression")
        try editConfig { $0["num_labels"] = 0 }
        expectInvalid("num_labels")
    }

    /// A padding id past the vocabulary indexed past the word-embedding table in every padded batch.
    func testPadTokenOutsideTheVocabularyIsAnError() throws {
        try editConfig { $0["pad_token_id"] = 300 }  // vocab_size is 300
        expectInvalid("pad_token_id", "300")
        try editConfig { $0["pad_token_id"] = -1 }
        expectInvalid("pad_token_id", "-1")
    }

    /// Dropout rates outside [0, 1) reached `Dropout`'s precondition during training.
    func testDropoutOutsideTheUnitIntervalIsAnError() throws {
        for (field, rate) in [
            ("hidden_dropout_prob", 1.0), ("attention_probs_dropout_prob", -0.1), ("classifier_dropout", 1.5),
        ] {
            try editConfig { $0[field] = rate }
            expectInvalid(field)
            try editConfig { $0[field] = 0.1 }
        }
        try editConfig { $0["classifier_dropout"] = NSNull() }  // `null` means "use hidden_dropout_prob"
        XCTAssertNoThrow(try SequenceClassifier.load(directory: directory))
    }

    /// Repeated or empty class names: from id2label, and from training data (`dossier train` trapped in
    /// `Dictionary(uniqueKeysWithValues:)` on repeated `labelNames`).
    func testRepeatedOrEmptyLabelsAreErrors() throws {
        try editConfig { $0["id2label"] = ["0": "approve", "1": "refer", "2": "approve"] }
        expectInvalid("'approve' appears twice")
        try editConfig { $0["id2label"] = ["0": "approve", "1": " ", "2": "decline"] }
        expectInvalid("label 1 has an empty name")
        XCTAssertThrowsError(
            try SequenceClassifier.load(
                directory: ReferenceFixtures.model("tiny-bert"), newHeadFor: ["a", "a"], seed: 1)
        ) {
            guard case .invalidTrainingData(let detail) = $0 as? ModelError else { return XCTFail("\($0)") }
            XCTAssertTrue(detail.contains("'a' appears twice"), detail)
        }
    }

    // MARK: - Sizes against the weights and the machine

    /// More layers than the checkpoint holds fail on its headers, before one expected name per layer is built
    /// (a billion layers of tiny width would fit the memory estimate yet take minutes to list).
    func testLayersTheCheckpointDoesNotHold() throws {
        try editConfig {
            $0["num_hidden_layers"] = 100_000
            $0["hidden_size"] = 4
            $0["num_attention_heads"] = 1
            $0["intermediate_size"] = 1
        }
        expectInvalid("num_hidden_layers", "100000", "2 layers")
    }

    /// Sizes that could not fit in memory, or whose products overflow, are refused with the sizes named.
    func testSizesBeyondMemory() throws {
        try editConfig { $0["vocab_size"] = 1_000_000_000_000 }
        expectInvalid("vocab_size 1000000000000", "memory")
        try editConfig {
            $0["vocab_size"] = 300
            $0["hidden_size"] = Int.max - 7
            $0["num_attention_heads"] = 1
        }
        expectInvalid("hidden_size", "memory")
        try editConfig {
            $0["hidden_size"] = 32
            $0["num_attention_heads"] = 4
            $0["max_position_embeddings"] = 4_000_000_000
        }
        expectInvalid("max_position_embeddings 4000000000", "memory")
        let small = TinyModels.config(.bert)
        XCTAssertThrowsError(try small.checkSizes(file: "c.json", labelCount: 3, memory: 1000))
        XCTAssertNoThrow(try small.checkSizes(file: "c.json", labelCount: 3, memory: 1 << 30))
    }

    /// Values `transformers` would accept but that would break a dossier (zero epsilon divides by zero on a
    /// constant row; a model that takes fewer than three tokens has no room for content).
    func testDegenerateValues() throws {
        try editConfig { $0["layer_norm_eps"] = 0 }
        expectInvalid("layer_norm_eps")
        try editConfig { $0["layer_norm_eps"] = -1e-5 }
        expectInvalid("layer_norm_eps")
        try editConfig {
            $0["layer_norm_eps"] = 1e-12
            $0["type_vocab_size"] = 0
        }
        expectInvalid("type_vocab_size")
        try editConfig {
            $0["type_vocab_size"] = 2
            $0["max_position_embeddings"] = 2
        }
        expectInvalid("at least 3")
        try editConfig {
            $0["max_position_embeddings"] = 64
            $0["model_type"] = "roberta"
            $0["pad_token_id"] = 62
        }
        expectInvalid("RoBERTa", "1 tokens")
    }

    // MARK: - Non-finite values

    /// Finite weights large enough to overflow the logits (±3e38 in the classifier) pass the loader, which checks
    /// weights, not outputs; the forward pass then yields infinities. Refusing those is the explainer's check
    /// (with the dossier pipeline); this documents the cheap construction for its test.
    func testFiniteWeightsCanStillOverflowTheLogits() throws {
        var model = try SequenceClassifier.load(directory: directory)
        let weight = model.head.output.weight
        model.head.output.weight = Tensor(
            shape: weight.shape, scalars: weight.scalars.map { $0 >= 0 ? 3e38 : -3e38 })
        XCTAssertTrue(model.head.output.weight.scalars.allSatisfy(\.isFinite))
        let logits = try model.forward(TokenBatch([[2, 5, 6, 3]]), recording: .logits).logits
        XCTAssertTrue(logits.scalars.contains { !$0.isFinite }, "logits \(logits.scalars) are finite")
    }
}
