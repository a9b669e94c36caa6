import Foundation
import Models
import XCTest

@testable import Training

/// Reading labelled data, the base configuration's dropout rates, the report's JSON keys, and a whole run from
/// scratch: data to saved checkpoint and report.
final class FineTuningTests: XCTestCase {
    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fine-tuning-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }

    func testJSONLinesAndLabelFoldersAreRead() throws {
        let folder = try temporaryFolder()
        let jsonl = folder.appendingPathComponent("data.jsonl")
        try Data(
            """
            {"text": "approve this", "label": "yes", "labelNames": ["yes", "no"]}

            {"text": "decline that", "label": "no"}
            """.utf8
        ).write(to: jsonl)
        let set = try LabelledTextSet.read(path: jsonl.path)
        XCTAssertEqual(
            set.documents, [.init(text: "approve this", label: "yes"), .init(text: "decline that", label: "no")])
        XCTAssertEqual(set.declaredLabels, ["yes", "no"])

        let labelled = folder.appendingPathComponent("folders")
        for (label, text) in [("b", "second"), ("a", "first")] {
            let sub = labelled.appendingPathComponent(label)
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: sub.appendingPathComponent("1.txt"))
        }
        XCTAssertEqual(
            try LabelledTextSet.read(path: labelled.path).documents,
            [.init(text: "first", label: "a"), .init(text: "second", label: "b")])
    }

    func testBadDataNamesTheFileAndLine() throws {
        let folder = try temporaryFolder()
        let jsonl = folder.appendingPathComponent("bad.jsonl")
        try Data("{\"text\": \"fine\", \"label\": \"a\"}\nnot json\n".utf8).write(to: jsonl)
        XCTAssertThrowsError(try LabelledTextSet.read(path: jsonl.path)) { error in
            XCTAssertEqual(
                "\(error)", "\(jsonl.path):2: expected a JSON object with \"text\" and \"label\"")
        }
        XCTAssertThrowsError(try LabelledTextSet.read(path: folder.appendingPathComponent("none").path)) { error in
            XCTAssertEqual(
                error as? TrainingError,
                .unreadableData(path: folder.appendingPathComponent("none").path, reason: "no such file or folder"))
        }
    }

    func testDropoutRatesAreDecodedByTheirHuggingFaceNames() throws {
        let decoder = JSONDecoder()
        let bert = try decoder.decode(
            BaseDropoutConfiguration.self,
            from: Data(
                #"{"hidden_dropout_prob": 0.2, "attention_probs_dropout_prob": 0.05, "classifier_dropout": null}"#.utf8)
        )
        XCTAssertEqual(bert.rates(for: .bert), DropoutRates(hidden: 0.2, attention: 0.05, classifier: 0.2))
        let distil = try decoder.decode(BaseDropoutConfiguration.self, from: Data(#"{"dropout": 0.3}"#.utf8))
        XCTAssertEqual(distil.rates(for: .distilbert), DropoutRates(hidden: 0.3, attention: 0.1, classifier: 0.2))
    }

    func testARunFromScratchSavesACheckpointAndATypedReport() throws {
        let folder = try temporaryFolder()
        let data = folder.appendingPathComponent("data.jsonl")
        let lines = (0..<40).map { i in
            #"{"text": "the applicant \#(i % 2 == 0 ? "pays on time" : "missed payments") case \#(i)", "label": "\#(i % 2 == 0 ? "approve" : "decline")"}"#
        }
        try Data(lines.joined(separator: "\n").utf8).write(to: data)
        var shape = FineTuning.ScratchModel()
        (shape.hiddenSize, shape.heads, shape.intermediateSize, shape.vocabularySize) = (16, 2, 32, 100)
        var options = FineTuning.Options(
            data: data.path, start: .scratch(shape), out: folder.appendingPathComponent("model"))
        options.trainer.epochs = 2
        options.trainer.batchSize = 8
        options.trainer.learningRate = 1e-3
        options.maxLength = 16
        var steps = 0
        let report = try FineTuning(options: options).run { event in
            if case .step = event { steps += 1 }
        }
        XCTAssertEqual(report.labels, ["approve", "decline"])
        XCTAssertEqual(report.trainingCount + report.validationCount, 40)
        XCTAssertEqual(report.epochs.count, 2)
        XCTAssertEqual(steps, 2 * ((report.trainingCount + 7) / 8))
        XCTAssertFalse(report.samples.isEmpty)
        let written = try Data(contentsOf: options.out.appendingPathComponent("training_report.json"))
        XCTAssertEqual(try JSONDecoder().decode(TrainingReport.self, from: written), report)
        let keys = try XCTUnwrap(JSONSerialization.jsonObject(with: written) as? [String: Any]).keys
        XCTAssertEqual(
            Set(keys),
            [
                "data", "base", "labels", "training_count", "validation_count", "epochs", "precision", "max_length",
                "learning_rate", "batch_size", "seed", "samples",
            ])
        let reloaded = try SequenceClassifier.load(directory: options.out)
        XCTAssertEqual(reloaded.config.labels, ["approve", "decline"])
    }
}
