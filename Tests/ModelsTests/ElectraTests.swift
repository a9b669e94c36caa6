import Foundation
import Tensors
import Tokenizers
import XCTest

@testable import Models

/// ELECTRA (`ElectraForSequenceClassification`) against `Scripts/reference/make_tiny_electra_xlmr_gpt2.py`'s
/// tiny-electra: embeddings of width 16 projected to the hidden width 32 by `embeddings_project`, a dense + GELU
/// head. Gradients are checked against finite differences in `FiniteDifferenceTests` and
/// `TrainingGradientTests` (every family, ELECTRA with embeddings narrower than the hidden states) and against
/// autograd in `MethodParityTests`.
final class ElectraTests: XCTestCase {
    func testConfigurationAndProjection() throws {
        let model = try SequenceClassifier.load(directory: ReferenceFixtures.model("tiny-electra"))
        XCTAssertEqual(model.config.architecture, .electra)
        XCTAssertEqual(model.config.embeddingSize, 16)
        XCTAssertEqual(model.config.hiddenSize, 32)
        XCTAssertEqual(model.embeddingsProjection?.weight.shape, [32, 16])
        XCTAssertEqual(model.embeddings.words.shape, [300, 16])
        XCTAssertEqual(model.head.activation, .gelu)
    }

    /// Logits, attention and the padded batch, from the fixture's ids; the WordPiece tokenizer gives those ids.
    func testForwardParity() throws {
        _ = try FamilyParityChecks.forward(fixture: "tiny-electra")
        let tokenizer = try TokenizerLoader.load(directory: ReferenceFixtures.model("tiny-electra"))
        for testCase in try ReferenceFixtures.cases("tiny-electra").cases {
            XCTAssertEqual(tokenizer.encode(testCase.text, addSpecialTokens: true, maxLength: 64).ids, testCase.ids)
        }
    }

    /// Without a projection (embedding_size = hidden_size) the checkpoint must not hold one, and with one it must.
    func testProjectionPresenceFollowsTheSizes() throws {
        let same = try FamilyParityChecks.editedCopy(of: "tiny-electra") { $0["embedding_size"] = 32 }
        defer { try? FileManager.default.removeItem(at: same) }
        XCTAssertThrowsError(try SequenceClassifier.load(directory: same)) { error in
            guard case .shapeMismatch(_, let tensor, let expected, let actual) = error as? ModelError else {
                return XCTFail("not a shape mismatch: \(error)")
            }
            XCTAssertTrue(tensor.hasPrefix("electra.embeddings."), tensor)
            XCTAssertEqual(expected.last, 32)
            XCTAssertEqual(actual.last, 16)
        }
    }

    func testHostileConfigurationsNameTheField() throws {
        let missing = try FamilyParityChecks.editedCopy(of: "tiny-electra") { $0["embedding_size"] = nil }
        defer { try? FileManager.default.removeItem(at: missing) }
        FamilyParityChecks.expectInvalid(missing, "embedding_size", "missing")
        let zero = try FamilyParityChecks.editedCopy(of: "tiny-electra") { $0["embedding_size"] = 0 }
        defer { try? FileManager.default.removeItem(at: zero) }
        FamilyParityChecks.expectInvalid(zero, "embedding_size", "0")
        let text = try FamilyParityChecks.editedCopy(of: "tiny-electra") { $0["embedding_size"] = "wide" }
        defer { try? FileManager.default.removeItem(at: text) }
        FamilyParityChecks.expectInvalid(text, "embedding_size", "wrong type")
    }

    /// A saved ELECTRA reloads with `embedding_size`, the projection and the `electra.` prefix.
    func testSaveRoundTrip() throws {
        let model = try SequenceClassifier.load(directory: ReferenceFixtures.model("tiny-electra"))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("electra-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try model.save(to: directory)
        let reloaded = try SequenceClassifier.load(directory: directory)
        XCTAssertEqual(reloaded.config, model.config)
        let names = try SafetensorsFile(path: directory.appendingPathComponent("model.safetensors").path).names
        XCTAssertTrue(names.contains("electra.embeddings_project.weight"))
        let json = try JSONSerialization.jsonObject(
            with: Data(contentsOf: directory.appendingPathComponent("config.json")))
        XCTAssertEqual((json as? [String: Any])?["architectures"] as? [String], ["ElectraForSequenceClassification"])
        let batch = try TokenBatch([[2, 7, 11, 3]])
        XCTAssertEqual(
            try reloaded.forward(batch).logits.maxAbsoluteDifference(to: try model.forward(batch).logits), 0)
    }
}
