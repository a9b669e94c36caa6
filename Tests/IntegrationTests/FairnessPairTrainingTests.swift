import Corpus
import Foundation
import Tokenizers
import Training
import XCTest

@testable import Models

/// The fairness probe needs two small classifiers trained in a test: one on a clean corpus, one on a corpus
/// where a protected attribute follows the label. This trains exactly that pair from scratch (2-layer BERT,
/// vocabulary built from the training texts) and checks both learn the task, and reports how long it took.
final class FairnessPairTrainingTests: XCTestCase {
    private func trainSmallModel(mode: CorpusMode, seed: UInt64) throws -> (accuracy: Float, seconds: Double) {
        let started = Date()
        let options = CorpusOptions(kind: .loan, mode: mode, length: .small)
        let documents = try CorpusGenerator(seed: seed, options: options).generate(count: 600)
        let (training, validation) = (Array(documents.prefix(500)), Array(documents.suffix(100)))
        let (model, tokenizer) = try SmallLoanModel.train(training, seed: seed)
        let metrics = try Trainer.evaluate(model, SmallLoanModel.examples(validation, tokenizer))
        return (metrics.accuracy, Date().timeIntervalSince(started))
    }

    func testCleanAndBiasedSmallModelsTrainInSeconds() throws {
        let clean = try trainSmallModel(mode: .clean, seed: 11)
        let biased = try trainSmallModel(mode: .biased(attribute: .sex, strength: 0.9), seed: 12)
        print(
            "fairness pair: clean accuracy \(clean.accuracy) in \(String(format: "%.1f", clean.seconds)) s, "
                + "biased accuracy \(biased.accuracy) in \(String(format: "%.1f", biased.seconds)) s")
        XCTAssertGreaterThanOrEqual(clean.accuracy, 0.85, "the clean small model did not learn the task")
        XCTAssertGreaterThanOrEqual(biased.accuracy, 0.85, "the biased small model did not learn the task")
    }
}
