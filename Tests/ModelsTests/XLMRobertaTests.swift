import Foundation
import Tensors
import XCTest

@testable import Models

/// XLM-RoBERTa (`XLMRobertaForSequenceClassification`) against `Scripts/reference/make_tiny_electra_xlmr_gpt2.py`'s
/// tiny-xlm-roberta. Model-side it is RoBERTa (weights under `roberta.`, positions after the padding index,
/// `<s>`-token head); the configuration keeps its own family so that reports and saved checkpoints name it.
/// The fixture's ids are fed directly: its SentencePiece tokenizer is tested with the tokenizers.
final class XLMRobertaTests: XCTestCase {
    func testConfigurationKeepsItsFamily() throws {
        let model = try SequenceClassifier.load(directory: ReferenceFixtures.model("tiny-xlm-roberta"))
        XCTAssertEqual(model.config.architecture, .xlmRoberta)
        XCTAssertEqual(model.config.architecture.rawValue, "xlm-roberta")
        XCTAssertTrue(model.config.architecture.isRoBERTaFamily)
        XCTAssertEqual(model.config.padTokenID, 1)
        XCTAssertEqual(model.config.maxSequenceLength, 64)
    }

    func testForwardParity() throws {
        _ = try FamilyParityChecks.forward(fixture: "tiny-xlm-roberta")
    }

    /// Saved as `XLMRobertaForSequenceClassification` with `roberta.` tensor names, and reloaded identically.
    func testSaveRoundTrip() throws {
        let model = try SequenceClassifier.load(directory: ReferenceFixtures.model("tiny-xlm-roberta"))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xlmr-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try model.save(to: directory)
        let json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("config.json")))
            as? [String: Any]
        XCTAssertEqual(json?["model_type"] as? String, "xlm-roberta")
        XCTAssertEqual(json?["architectures"] as? [String], ["XLMRobertaForSequenceClassification"])
        let names = try SafetensorsFile(path: directory.appendingPathComponent("model.safetensors").path).names
        XCTAssertTrue(names.contains("roberta.embeddings.word_embeddings.weight"))
        XCTAssertTrue(names.contains("classifier.out_proj.weight"))
        let reloaded = try SequenceClassifier.load(directory: directory)
        XCTAssertEqual(reloaded.config, model.config)
        let batch = try TokenBatch([[0, 7, 11, 2], [0, 9, 2]])
        XCTAssertEqual(
            try reloaded.forward(batch).logits.maxAbsoluteDifference(to: try model.forward(batch).logits), 0)
    }

    func testHostileConfigurationsNameTheField() throws {
        // Positions too few for the padding offset: max_position_embeddings − pad_token_id − 1 < 3.
        let short = try FamilyParityChecks.editedCopy(of: "tiny-xlm-roberta") { $0["max_position_embeddings"] = 4 }
        defer { try? FileManager.default.removeItem(at: short) }
        FamilyParityChecks.expectInvalid(short, "max_position_embeddings", "RoBERTa")
        let missing = try FamilyParityChecks.editedCopy(of: "tiny-xlm-roberta") { $0["num_hidden_layers"] = nil }
        defer { try? FileManager.default.removeItem(at: missing) }
        FamilyParityChecks.expectInvalid(missing, "num_hidden_layers", "missing")
        let activation = try FamilyParityChecks.editedCopy(of: "tiny-xlm-roberta") { $0["hidden_act"] = "swish" }
        defer { try? FileManager.default.removeItem(at: activation) }
        FamilyParityChecks.expectInvalid(activation, "activation", "swish")
    }
}
