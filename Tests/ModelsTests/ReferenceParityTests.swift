import Foundation
import Tensors
import Tokenizers
import XCTest

@testable import Models

/// Logits and attention maps against fixtures written by `Scripts/reference/` with `transformers` on PyTorch.
///
/// Tolerances: logits max |Δ| ≤ 1e-4, attention max |Δ| ≤ 1e-5 (the engine issue's targets).
final class ReferenceParityTests: XCTestCase {
    private let logitTolerance: Float = 1e-4
    private let attentionTolerance: Float = 1e-5

    private func checkParity(model name: String, directory: URL) throws {
        let model = try SequenceClassifier.load(directory: directory)
        let fixture = try ReferenceFixtures.cases(name)
        let attention = try SafetensorsFile(
            path: ReferenceFixtures.model(name).appendingPathComponent("expected/attention.safetensors").path)
        let tokenizer = try TokenizerLoader.load(directory: directory)
        var worstLogit: Float = 0
        var worstAttention: Float = 0
        for (c, testCase) in fixture.cases.enumerated() {
            // The tokenizer: ids and original-text offsets identical to transformers' fast tokenizer.
            let encoding = tokenizer.encode(
                testCase.text, addSpecialTokens: true, maxLength: model.config.maxSequenceLength)
            XCTAssertEqual(encoding.ids, testCase.ids, "\(name) case '\(testCase.name)' ids")
            XCTAssertEqual(
                encoding.offsets.map { [$0.lowerBound, $0.upperBound] }, testCase.offsets,
                "\(name) case '\(testCase.name)' offsets")
            let result = try model.forward(TokenBatch([testCase.ids]))
            let n = testCase.ids.count
            for (k, expected) in testCase.logits.enumerated() {
                let difference = abs(result.logits[0, k] - expected)
                worstLogit = max(worstLogit, difference)
                XCTAssertLessThanOrEqual(difference, logitTolerance, "\(name) case '\(testCase.name)' logit \(k)")
            }
            for layer in 0..<model.config.layerCount {
                let ours = result.attentions[layer].slice(0)  // [H, n, n]
                var difference: Float
                if testCase.attention == "full" {
                    let reference = try attention.tensor("case\(c).layer\(layer).attention")
                    XCTAssertEqual(reference.shape, [model.config.headCount, n, n])
                    difference = ours.maxAbsoluteDifference(to: reference)
                } else {
                    let rows = try attention.tensor("case\(c).layer\(layer).attention_rows")  // [H, r, n]
                    let columnSums = try attention.tensor("case\(c).layer\(layer).attention_colsum")  // [H, n]
                    difference = 0
                    for head in 0..<model.config.headCount {
                        for (r, row) in testCase.rows.enumerated() {
                            for column in 0..<n {
                                difference = max(difference, abs(ours[head, row, column] - rows[head, r, column]))
                            }
                        }
                        for column in 0..<n {
                            var sum: Float = 0
                            for row in 0..<n { sum += ours[head, row, column] }
                            // A column sum adds n probabilities: allow n times the per-entry tolerance.
                            difference = max(difference, abs(sum - columnSums[head, column]) / Float(n))
                        }
                    }
                }
                worstAttention = max(worstAttention, difference)
                XCTAssertLessThanOrEqual(
                    difference, attentionTolerance, "\(name) case '\(testCase.name)' layer \(layer) attention max |Δ|")
            }
        }
        // The padded batch: logits must not depend on padding.
        let batched = try model.forward(
            TokenBatch(
                fixture.batch.ids.enumerated().map { b, ids in
                    Array(ids.prefix(fixture.batch.attentionMask[b].reduce(0, +)))
                }), recording: .logits)
        for (b, expected) in fixture.batch.logits.enumerated() {
            for (k, value) in expected.enumerated() {
                let difference = abs(batched.logits[b, k] - value)
                worstLogit = max(worstLogit, difference)
                XCTAssertLessThanOrEqual(difference, logitTolerance, "\(name) batch row \(b) logit \(k)")
            }
        }
        print(
            "parity \(name): \(fixture.cases.count) cases, logits max |Δ| \(worstLogit), attention max |Δ| \(worstAttention)"
        )
    }

    func testTinyBERT() throws { try checkParity(model: "tiny-bert", directory: ReferenceFixtures.model("tiny-bert")) }

    func testTinyBERTStoredAsFloat16() throws {
        try checkParity(model: "tiny-bert-f16", directory: ReferenceFixtures.model("tiny-bert-f16"))
    }

    func testTinyBERTStoredAsBFloat16() throws {
        try checkParity(model: "tiny-bert-bf16", directory: ReferenceFixtures.model("tiny-bert-bf16"))
    }

    func testTinyDistilBERT() throws {
        try checkParity(model: "tiny-distilbert", directory: ReferenceFixtures.model("tiny-distilbert"))
    }

    func testTinyRoBERTa() throws {
        try checkParity(model: "tiny-roberta", directory: ReferenceFixtures.model("tiny-roberta"))
    }

    func testTinyModernBERT() throws {
        try checkParity(model: "tiny-modernbert", directory: ReferenceFixtures.model("tiny-modernbert"))
    }

    func testTinyModernBERTMeanPooling() throws {
        try checkParity(model: "tiny-modernbert-mean", directory: ReferenceFixtures.model("tiny-modernbert-mean"))
    }

    func testMiniLMWithSeededHead() throws {
        let directory = try ReferenceFixtures.assembledMiniLM()
        defer { try? FileManager.default.removeItem(at: directory) }
        try checkParity(model: "minilm-head", directory: directory)
    }
}
