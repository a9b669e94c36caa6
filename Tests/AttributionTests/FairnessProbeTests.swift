import Foundation
import XCTest

@testable import Attribution

/// The probe on the hand-built model that declines exactly when the word "default" is present: a name that
/// contains the word decides the decision and is flagged; a sex mention the model cannot read is not.
final class FairnessProbeTests: XCTestCase {
    /// "Default" is the applicant's family name here, so removing the name removes the deciding word; the model's
    /// vocabulary has no "female" or "male" (both read as [UNK]), so the sex swap cannot move it.
    private let text = "Applicant: Amara Default\nThe borrower has stable income and a loan request. Sex: female."

    private func explainer() throws -> Explainer {
        let (model, tokenizer) = try KnownAnswerModel.make()
        return Explainer(model: model, tokenizer: tokenizer, directory: URL(fileURLWithPath: "/known-answer"))
    }

    private func report(_ text: String, options: FairnessOptions = .init()) throws -> FairnessReport {
        let explainer = try explainer()
        let explanation = try explainer.explain(text, options: .init(faithfulness: false))
        return try explainer.probeFairness(text, explanation: explanation, options: options)
    }

    func testTheNameCarryingTheDecidingWordIsFlagged() throws {
        let report = try report(text)
        XCTAssertEqual(report.decision.label, "decline")
        let name = try XCTUnwrap(report.findings.first { $0.attribute == .name })
        XCTAssertEqual(name.mentions.map(\.text), ["Amara Default"])
        XCTAssertEqual(name.edits, [.remove])
        XCTAssertTrue(name.decisionChanged)
        XCTAssertEqual(name.labelAfter, "approve")
        // Without "default" both logits are 0: a tie, which the explainer (like the probe) reads as the first label.
        XCTAssertEqual(name.probabilityAfter, 0.5, accuracy: 1e-6)
        XCTAssertLessThan(name.probabilityChange, -0.3)
        XCTAssertGreaterThan(name.attributionShare, 0.5)
        XCTAssertTrue(name.flagged)
        XCTAssertEqual(name.reasons.count, 3, "\(name.reasons)")
        XCTAssertTrue(report.flaggedAttributes.contains(.name))
    }

    func testAnAttributeTheModelCannotReadIsNotFlagged() throws {
        let report = try report(text)
        let sex = try XCTUnwrap(report.findings.first { $0.attribute == .sex })
        XCTAssertEqual(sex.mentions.map(\.text), ["female"])
        XCTAssertEqual(sex.mentions.map(\.replacement), ["male"])
        XCTAssertEqual(sex.probabilityChange, 0, accuracy: 1e-6)
        XCTAssertFalse(sex.decisionChanged)
        XCTAssertLessThan(sex.attributionShare, 0.1)
        XCTAssertFalse(sex.flagged)
        XCTAssertEqual(report.flaggedAttributes, [.name])
    }

    func testTheReportIsFiniteCompleteAndRoundTrips() throws {
        let report = try report(text, options: FairnessOptions(probabilityThreshold: 0.2, shareThreshold: 0.3))
        XCTAssertEqual(report.probabilityThreshold, 0.2)
        XCTAssertEqual(report.shareThreshold, 0.3)
        XCTAssertEqual(report.lexiconVersion, FairnessLexicon.standard.version)
        XCTAssertEqual(report.method, .gradientWeighted)
        XCTAssertEqual(report.attributesSearched, FairnessAttribute.allCases)
        XCTAssertFalse(report.notChecked.isEmpty)
        XCTAssertTrue(report.decision.probability.isFinite)
        for finding in report.findings {
            for number in [
                finding.probabilityBefore, finding.probabilityAfter, finding.probabilityChange,
                finding.attributionShare,
            ] {
                XCTAssertTrue(number.isFinite, "\(finding.attribute): \(number)")
            }
            XCTAssertTrue((0...1).contains(finding.attributionShare))
        }
        // JSONEncoder refuses NaN and infinity, so a round trip also proves finiteness.
        let data = try JSONEncoder().encode(report)
        XCTAssertEqual(try JSONDecoder().decode(FairnessReport.self, from: data), report)
        let keys = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any]).keys
        XCTAssertEqual(
            Set(keys),
            [
                "schemaVersion", "lexiconVersion", "method", "probabilityThreshold", "shareThreshold",
                "attributesSearched", "decision", "findings", "flaggedAttributes", "notChecked",
            ])
    }

    func testOnlyTheAskedAttributesAreSearched() throws {
        let report = try report(text, options: FairnessOptions(attributes: [.sex]))
        XCTAssertEqual(report.attributesSearched, [.sex])
        XCTAssertEqual(report.findings.map(\.attribute), [.sex])
    }

    func testATextWithoutMentionsHasNoFindings() throws {
        let report = try report("The borrower has a default on record.")
        XCTAssertTrue(report.findings.isEmpty)
        XCTAssertTrue(report.flaggedAttributes.isEmpty)
        XCTAssertEqual(report.decision.label, "decline")
    }

    func testANonFiniteThresholdIsRejected() throws {
        XCTAssertThrowsError(try report(text, options: FairnessOptions(probabilityThreshold: .nan)))
        XCTAssertThrowsError(try report(text, options: FairnessOptions(shareThreshold: -1)))
    }

    func testAnExplanationOfAnotherTextIsRejected() throws {
        let explainer = try explainer()
        let explanation = try explainer.explain("The borrower has stable income.", options: .init(faithfulness: false))
        XCTAssertThrowsError(try explainer.probeFairness(text, explanation: explanation)) { error in
            guard case AttributionError.explanationMismatch = error else {
                return XCTFail("unexpected error \(error)")
            }
        }
    }
}
