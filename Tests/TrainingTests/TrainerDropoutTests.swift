import Models
import Training
import XCTest

/// A trainer given an impossible dropout rate throws rather than trapping in `Dropout.init` (issue 16).
final class TrainerDropoutTests: XCTestCase {
    func testTrainerRejectsImpossibleDropoutRates() throws {
        let config = ModelConfiguration(
            architecture: .bert, vocabularySize: 16, hiddenSize: 8, layerCount: 1, headCount: 2, intermediateSize: 16,
            maxPositions: 16, labels: ["approve", "decline"])
        let model = SequenceClassifier.randomlyInitialized(config: config, seed: 1)
        var options = Trainer.Options()
        options.dropout = DropoutRates(hidden: 1, attention: 0.1, classifier: 0.1)
        var trainer = Trainer(model: model, options: options)
        XCTAssertThrowsError(try trainer.train([TrainingExample(ids: [2, 5, 3], label: 0)], validation: [])) {
            guard case .invalidTrainingData(let detail) = $0 as? ModelError else { return XCTFail("\($0)") }
            XCTAssertTrue(detail.contains("hidden dropout"), detail)
        }
    }
}
