import Foundation
import Tensors
import XCTest

@testable import Models

/// Broken model directories: each gives one clear `ModelError` naming the file and the tensor or key.
final class MalformedModelTests: XCTestCase {
    private var directory: URL!
    private let manager = FileManager.default

    override func setUpWithError() throws {
        directory = manager.temporaryDirectory.appendingPathComponent("malformed-\(UUID().uuidString)")
        try manager.copyItem(at: ReferenceFixtures.model("tiny-bert"), to: directory)
    }

    override func tearDownWithError() throws { try? manager.removeItem(at: directory) }

    private var weights: URL { directory.appendingPathComponent("model.safetensors") }
    private var config: URL { directory.appendingPathComponent("config.json") }

    /// Rewrites model.safetensors after `edit` changes its tensors (checkpoint names).
    private func rewriteWeights(_ edit: (inout [String: Tensor]) -> Void) throws {
        let file = try SafetensorsFile(path: weights.path)
        var tensors: [String: Tensor] = [:]
        for name in file.names where file.entries[name]?.dtype.isFloatingPoint == true {
            tensors[name] = try file.tensor(name)
        }
        edit(&tensors)
        var writer = SafetensorsWriter()
        for (name, tensor) in tensors { writer.add(name, tensor) }
        try writer.write(to: weights)
    }

    private func expectLoadError(_ check: (ModelError) -> Bool, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try SequenceClassifier.load(directory: directory), file: file, line: line) { error in
            guard let error = error as? ModelError else {
                return XCTFail("not a ModelError: \(error)", file: file, line: line)
            }
            XCTAssertTrue(check(error), "unexpected error: \(error)", file: file, line: line)
            XCTAssertTrue(
                error.description.contains(directory.path), "does not name the file: \(error)", file: file, line: line)
        }
    }

    func testIntactFixtureLoads() throws {
        XCTAssertEqual(
            try SequenceClassifier.load(directory: directory).config.labels, ["approve", "refer", "decline"])
    }

    func testMissingTensor() throws {
        try rewriteWeights { $0["bert.encoder.layer.1.attention.self.key.weight"] = nil }
        expectLoadError {
            if case .missingTensor(_, "bert.encoder.layer.1.attention.self.key.weight", _) = $0 { true } else { false }
        }
    }

    func testMissingHeadSaysItLooksLikeABaseModel() throws {
        try rewriteWeights { $0["classifier.weight"] = nil }
        expectLoadError { error in
            guard case .missingTensor(_, "classifier.weight", let hint) = error else { return false }
            return hint.contains("base model")
        }
    }

    func testConfigurationAndWeightsDisagree() throws {
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: config)) as? [String: Any] ?? [:]
        json["intermediate_size"] = 48
        try JSONSerialization.data(withJSONObject: json).write(to: config)
        expectLoadError { error in
            guard case .shapeMismatch(_, let tensor, let expected, let actual) = error else { return false }
            return tensor.contains("intermediate.dense") || tensor.contains("output.dense") ? expected != actual : false
        }
    }

    func testUnexpectedTensor() throws {
        try rewriteWeights { $0["cls.predictions.bias"] = Tensor(zeros: [4]) }
        expectLoadError { if case .unexpectedTensor(_, "cls.predictions.bias") = $0 { true } else { false } }
    }

    func testNonFiniteWeights() throws {
        try rewriteWeights { $0["classifier.bias"]?.scalars[0] = .nan }
        expectLoadError { if case .nonFiniteWeights(_, "classifier.bias") = $0 { true } else { false } }
    }

    func testMissingAndInvalidConfiguration() throws {
        try Data("{\"model_type\": \"bert\",".utf8).write(to: config)
        expectLoadError { if case .unreadableConfiguration = $0 { true } else { false } }
        try Data(#"{"model_type": "mamba", "vocab_size": 5}"#.utf8).write(to: config)
        expectLoadError { if case .unsupportedArchitecture(_, "mamba") = $0 { true } else { false } }
        try Data(#"{"model_type": "bert", "vocab_size": 5}"#.utf8).write(to: config)
        expectLoadError {
            if case .invalidConfiguration(_, let detail) = $0 { detail.contains("hidden_size") } else { false }
        }
        try manager.removeItem(at: config)
        expectLoadError { if case .unreadableConfiguration = $0 { true } else { false } }
    }

    func testNoWeightsAndBrokenIndex() throws {
        try manager.removeItem(at: weights)
        expectLoadError { if case .missingWeights = $0 { true } else { false } }
        let index = directory.appendingPathComponent("model.safetensors.index.json")
        try Data(#"{"weight_map": {"classifier.bias": "shard-2.safetensors"}}"#.utf8).write(to: index)
        expectLoadError { if case .invalidIndex(_, let detail) = $0 { detail.contains("shard-2") } else { false } }
    }

    func testTruncatedWeightsFileNamesTheFile() throws {
        let data = try Data(contentsOf: weights)
        try data.prefix(data.count / 2).write(to: weights)
        expectLoadError { if case .weights(let message) = $0 { message.contains("model.safetensors") } else { false } }
    }
}
