import Corpus
import XCTest

final class ContractRiskRulesTests: XCTestCase {
    private func standard() -> ContractFacts {
        ContractFacts(
            contractType: .serviceAgreement, company: "Crescent Foods Inc.", counterparty: "Lumen Systems GmbH",
            liability: .capped, liabilityCapMonths: 12, indemnity: .mutual, termination: .mutual, renewal: .fixedTerm,
            renewalNoticeDays: 0, penalty: .none, penaltyPercent: 0, juryWaiver: false,
            governingLaw: "the State of New York", governingLawUnusual: false)
    }

    func testStandardContract() {
        let assessment = ContractRiskRules.assess(standard())
        XCTAssertEqual(assessment.label, .standard)
        XCTAssertEqual(assessment.decidingFacts, [.liabilityCap, .mutualIndemnity, .mutualTermination])
        var shortRenewal = standard()
        shortRenewal.renewal = .automaticShortNotice
        shortRenewal.renewalNoticeDays = 60
        XCTAssertEqual(ContractRiskRules.assess(shortRenewal).label, .standard, "renewal with 60 days' notice")
    }

    func testSevereRisksMakeAContractHighRisk() {
        let edits: [(String, (inout ContractFacts) -> Void, [ContractRiskRules.Fact])] = [
            ("unlimited liability", { $0.liability = .unlimited }, [.unlimitedLiability]),
            ("one-sided indemnity", { $0.indemnity = .oneSided }, [.oneSidedIndemnity]),
            ("uncapped penalty", { $0.penalty = .uncapped }, [.penaltyClause]),
            (
                "two severe + one moderate",
                {
                    $0.liability = .unlimited
                    $0.penalty = .uncapped
                    $0.juryWaiver = true
                },
                [.unlimitedLiability, .penaltyClause]
            ),
        ]
        for (name, edit, deciding) in edits {
            var facts = standard()
            edit(&facts)
            let assessment = ContractRiskRules.assess(facts)
            XCTAssertEqual(assessment.label, .high, "case \(name)")
            XCTAssertEqual(assessment.decidingFacts, deciding, "case \(name)")
        }
    }

    func testModerateRisksCountAndMitigationsWork() {
        var facts = standard()
        facts.juryWaiver = true
        XCTAssertEqual(ContractRiskRules.assess(facts).label, .elevated)
        XCTAssertEqual(ContractRiskRules.assess(facts).decidingFacts, [.juryWaiver])
        facts.indemnity = .oneSidedCapped
        XCTAssertEqual(ContractRiskRules.assess(facts).label, .elevated, "a capped indemnity counts as moderate")
        XCTAssertEqual(ContractRiskRules.assess(facts).decidingFacts, [.oneSidedIndemnity, .indemnityCap, .juryWaiver])
        facts.governingLaw = "the Republic of Vanuatu"
        facts.governingLawUnusual = true
        XCTAssertEqual(ContractRiskRules.assess(facts).label, .high, "three moderate risks")
        XCTAssertEqual(ContractRiskRules.assess(facts).moderateRiskCount, 3)

        var mitigated = standard()
        mitigated.termination = .unilateralCompensated
        mitigated.renewal = .automaticLongNoticeWithReminder
        mitigated.renewalNoticeDays = 180
        let assessment = ContractRiskRules.assess(mitigated)
        XCTAssertEqual(assessment.label, .standard, "compensated termination and renewal reminder are mitigated")
        XCTAssertEqual(
            assessment.decidingFacts,
            [
                .liabilityCap, .mutualIndemnity, .unilateralTermination, .terminationCompensation, .automaticRenewal,
                .renewalReminder,
            ])
        mitigated.termination = .unilateral
        mitigated.renewal = .automaticLongNotice
        XCTAssertEqual(ContractRiskRules.assess(mitigated).label, .elevated)
        XCTAssertEqual(ContractRiskRules.assess(mitigated).decidingFacts, [.unilateralTermination, .automaticRenewal])
    }
}
