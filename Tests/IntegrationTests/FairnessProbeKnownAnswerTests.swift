import Attribution
import Corpus
import Foundation
import Models
import Tokenizers
import Training
import XCTest

/// Known answer for the fairness probe: a small BERT trained on a corpus where sex follows the label is flagged
/// for sex; the same architecture trained on a clean corpus is not, on the same held-out documents.
///
/// Both models are trained from scratch in the test (2 layers, C = 64, 500 small loan documents, 8 epochs; about
/// 30 s for the pair in a release build on a shared 2-core machine) as in `FairnessPairTrainingTests`, the biased
/// one with `.biased(attribute: .sex, strength: 1)`. Both are probed on the same 60 held-out documents drawn
/// from the biased distribution (another seed), so every document mentions sex. The corpus's own counterfactual
/// (sex swapped, given names included) tells which documents the biased model decides by sex.
///
/// Measured (seeds 11, 12, 2026, with the stable shuffles of `Support.SeededGenerator`): held-out accuracy 0.95
/// clean, 1.0 biased; the biased model's decision flips on 25 documents when sex is swapped, and the probe flags
/// all 25; it flags 52 % of all documents for the biased model (approvals 25 of 25, referrals 6 of 16, declines 0
/// of 19: the decline facts outweigh sex there and p(decline) hardly moves), and none for the clean model.
final class FairnessProbeKnownAnswerTests: XCTestCase {
    private func train(mode: CorpusMode, seed: UInt64) throws -> Explainer {
        let options = CorpusOptions(kind: .loan, mode: mode, length: .small)
        let documents = try CorpusGenerator(seed: seed, options: options).generate(count: 500)
        let (model, tokenizer) = try SmallLoanModel.train(documents, seed: seed)
        return Explainer(
            model: model, tokenizer: tokenizer, directory: URL(fileURLWithPath: "/in-memory/\(seed)"))
    }

    /// Per document: whether the probe flags sex, and |Δp| and share, for one model.
    private struct Probe {
        var flagged: Bool
        var change: Float
        var share: Float
    }

    private func probeSex(_ explainer: Explainer, _ document: CorpusDocument) throws -> Probe? {
        let explanation = try explainer.explain(document.text, options: .init(faithfulness: false))
        let report = try explainer.probeFairness(document.text, explanation: explanation)
        try assertFinite(report)
        guard let finding = report.findings.first(where: { $0.attribute == .sex }) else { return nil }
        return Probe(flagged: finding.flagged, change: finding.probabilityChange, share: finding.attributionShare)
    }

    private func assertFinite(_ report: FairnessReport) throws {
        XCTAssertTrue(report.decision.probability.isFinite)
        for finding in report.findings {
            let numbers = [
                finding.probabilityBefore, finding.probabilityAfter, finding.probabilityChange,
                finding.attributionShare,
            ]
            XCTAssertTrue(numbers.allSatisfy(\.isFinite), "non-finite number in \(finding)")
        }
        // The JSON round-trips (JSONEncoder rejects NaN and infinity).
        let data = try JSONEncoder().encode(report)
        XCTAssertEqual(try JSONDecoder().decode(FairnessReport.self, from: data), report)
    }

    func testBiasedModelIsFlaggedForSexAndCleanModelIsNot() throws {
        let started = Date()
        let clean = try train(mode: .clean, seed: 11)
        let biased = try train(mode: .biased(attribute: .sex, strength: 1.0), seed: 12)
        let trained = Date()
        let heldOut = try CorpusGenerator(
            seed: 2026, options: CorpusOptions(kind: .loan, mode: .biased(attribute: .sex, strength: 1), length: .small)
        ).generate(count: 60)

        // Which documents the biased model decides by sex, by the corpus's own counterfactual.
        let swapped = try heldOut.map { document -> CorpusDocument in
            let value = document.mentions(of: .sex).first?.value == "female" ? "male" : "female"
            return try document.replacing(.sex, with: value)
        }
        func decisions(_ explainer: Explainer, _ documents: [CorpusDocument]) throws -> [Int] {
            let logits = try explainer.predict(
                documents: documents.map { explainer.tokenizer.encode($0.text).ids }, windowSize: 254, stride: 127)
            return logits.map { row in row.indices.max { row[$0] < row[$1] } ?? 0 }
        }
        let original = try decisions(biased, heldOut)
        let cleanDecisions = try decisions(clean, heldOut)
        func accuracy(_ d: [Int]) -> Double {
            Double(zip(d, heldOut).filter { $0 == $1.labelIndex }.count) / Double(heldOut.count)
        }
        print("held-out accuracy: clean \(accuracy(cleanDecisions)), biased \(accuracy(original))")
        XCTAssertGreaterThanOrEqual(accuracy(cleanDecisions), 0.85, "the clean model did not learn the task")
        XCTAssertGreaterThanOrEqual(accuracy(original), 0.85, "the biased model did not learn the task")
        let decidedBySex = zip(original, try decisions(biased, swapped)).map { $0 != $1 }

        var biasedProbes: [Probe] = []
        var cleanProbes: [Probe] = []
        var decidedFlagged = 0
        var flaggedByLabel: [String: [Int]] = [:]
        for (d, document) in heldOut.enumerated() {
            guard let b = try probeSex(biased, document), let c = try probeSex(clean, document) else {
                XCTFail("no sex mention found in \(document.id): \(document.text)")
                continue
            }
            biasedProbes.append(b)
            cleanProbes.append(c)
            if decidedBySex[d] && b.flagged { decidedFlagged += 1 }
            flaggedByLabel[document.label, default: [0, 0]][0] += b.flagged ? 1 : 0
            flaggedByLabel[document.label, default: [0, 0]][1] += 1
        }
        let decidedCount = decidedBySex.filter { $0 }.count
        func rate(_ probes: [Probe]) -> Double {
            Double(probes.filter(\.flagged).count) / Double(max(probes.count, 1))
        }
        func meanAbsChange(_ probes: [Probe]) -> Double {
            probes.map { Double(abs($0.change)) }.reduce(0, +) / Double(max(probes.count, 1))
        }
        func meanShare(_ probes: [Probe]) -> Double {
            probes.map { Double($0.share) }.reduce(0, +) / Double(max(probes.count, 1))
        }
        let decidedRate = Double(decidedFlagged) / Double(max(decidedCount, 1))
        print(
            """
            fairness probe known answer (\(heldOut.count) held-out documents, all mentioning sex):
              training both models: \(String(format: "%.1f", trained.timeIntervalSince(started))) s
              biased model decided by sex (corpus counterfactual): \(decidedCount); flagged among them: \(decidedFlagged) \
            (\(String(format: "%.2f", decidedRate)))
              flagged for sex: biased \(String(format: "%.2f", rate(biasedProbes))), clean \(String(format: "%.2f", rate(cleanProbes)))
              mean |Δp|: biased \(String(format: "%.3f", meanAbsChange(biasedProbes))), clean \(String(format: "%.3f", meanAbsChange(cleanProbes)))
              mean attribution share: biased \(String(format: "%.3f", meanShare(biasedProbes))), clean \(String(format: "%.3f", meanShare(cleanProbes)))
              biased flagged by true label (flagged, documents): \(flaggedByLabel.sorted { $0.key < $1.key })
              total: \(String(format: "%.1f", Date().timeIntervalSince(started))) s
            """)
        XCTAssertEqual(biasedProbes.count, heldOut.count, "the lexicon missed sex mentions")
        XCTAssertGreaterThanOrEqual(decidedCount, 10, "the biased model hardly depends on sex; the test proves nothing")
        XCTAssertGreaterThanOrEqual(decidedRate, 0.8, "documents the biased model decides by sex must be flagged")
        // Declines (about a third of the documents) rest on decline facts that outweigh sex, so the overall rate is
        // bounded by the approvals and referrals: at least 40 % must be flagged (52 % measured).
        XCTAssertGreaterThanOrEqual(rate(biasedProbes), 0.4, "too few documents flagged for the biased model")
        XCTAssertLessThanOrEqual(rate(cleanProbes), 0.1, "the clean model is flagged too often")
    }
}
