import Foundation
import Tensors
import XCTest

@testable import Models

/// Forward parity on a family's fixture from the token ids `expected/cases.json` stores, without a tokenizer
/// (XLM-RoBERTa's SentencePiece and GPT-2's tokenizers are tested where they are written): logits, every
/// layer's attention maps and the right-padded batch's logits.
///
/// Tolerances as in `ReferenceParityTests`: logits max |Δ| ≤ 1e-4, attention max |Δ| ≤ 1e-5.
enum FamilyParityChecks {
    struct Measured {
        var logits: Float = 0
        var attention: Float = 0
        var batchLogits: Float = 0
    }

    static func forward(fixture name: String, file: StaticString = #filePath, line: UInt = #line) throws -> Measured {
        let directory = ReferenceFixtures.model(name)
        let model = try SequenceClassifier.load(directory: directory)
        let fixture = try ReferenceFixtures.cases(name)
        let maps = try SafetensorsFile(path: directory.appendingPathComponent("expected/attention.safetensors").path)
        var measured = Measured()
        for (c, testCase) in fixture.cases.enumerated() {
            let result = try model.forward(TokenBatch([testCase.ids]))
            let n = testCase.ids.count
            for (k, expected) in testCase.logits.enumerated() {
                measured.logits = max(measured.logits, abs(result.logits[0, k] - expected))
            }
            XCTAssertEqual(
                testCase.attention, "full", "\(name): tiny fixtures store whole maps", file: file, line: line)
            for layer in 0..<model.config.layerCount {
                let reference = try maps.tensor("case\(c).layer\(layer).attention")
                XCTAssertEqual(reference.shape, [model.config.headCount, n, n], file: file, line: line)
                let difference = result.attentions[layer].slice(0).maxAbsoluteDifference(to: reference)
                XCTAssertLessThanOrEqual(
                    difference, 1e-5, "\(name) case '\(testCase.name)' layer \(layer) attention max |Δ|", file: file,
                    line: line)
                measured.attention = max(measured.attention, difference)
            }
        }
        XCTAssertLessThanOrEqual(measured.logits, 1e-4, "\(name) logits max |Δ|", file: file, line: line)
        let lengths = fixture.batch.attentionMask.map { $0.reduce(0, +) }
        let batched = try model.forward(
            TokenBatch(fixture.batch.ids.enumerated().map { b, ids in Array(ids.prefix(lengths[b])) }),
            recording: .logits)
        for (b, expected) in fixture.batch.logits.enumerated() {
            for (k, value) in expected.enumerated() {
                measured.batchLogits = max(measured.batchLogits, abs(batched.logits[b, k] - value))
            }
        }
        XCTAssertLessThanOrEqual(
            measured.batchLogits, 1e-4, "\(name) padded batch logits max |Δ|", file: file, line: line)
        print(
            "parity \(name): \(fixture.cases.count) cases, logits max |Δ| \(measured.logits), attention max |Δ| "
                + "\(measured.attention), padded batch logits max |Δ| \(measured.batchLogits)")
        return measured
    }

    /// A copy of a fixture model's directory whose `config.json` `edit` has changed, for hostile-configuration
    /// tests; the caller removes it.
    static func editedCopy(of name: String, _ edit: (inout [String: Any]) -> Void) throws -> URL {
        let manager = FileManager.default
        let directory = manager.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try manager.copyItem(at: ReferenceFixtures.model(name), to: directory)
        let config = directory.appendingPathComponent("config.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: config)) as? [String: Any] ?? [:]
        edit(&json)
        try JSONSerialization.data(withJSONObject: json).write(to: config)
        return directory
    }

    /// Expects `SequenceClassifier.load` to fail with `invalidConfiguration` naming `config.json` and every
    /// fragment (the field, its value).
    static func expectInvalid(
        _ directory: URL, _ fragments: String..., file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try SequenceClassifier.load(directory: directory), file: file, line: line) { error in
            guard case .invalidConfiguration(let path, let detail) = error as? ModelError else {
                return XCTFail("not an invalid configuration: \(error)", file: file, line: line)
            }
            XCTAssertEqual(path, directory.appendingPathComponent("config.json").path, file: file, line: line)
            for fragment in fragments {
                XCTAssertTrue(detail.contains(fragment), "'\(detail)' lacks '\(fragment)'", file: file, line: line)
            }
        }
    }
}
