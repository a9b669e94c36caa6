import Corpus
import XCTest

final class LoanUnderwritingTests: XCTestCase {
    /// A clean application: every criterion passes.
    private func clean() -> LoanFacts {
        LoanFacts(
            currency: "USD", requestedAmount: 12_000, termMonths: 48, purpose: "home improvements",
            monthlyIncome: 6_000,
            monthlyObligations: 1_000, proposedPayment: 300, debtToIncomePercent: 22, delinquencies24Months: 0,
            derogatoryRecord: .none, derogatoryAmount: 0, employmentMonths: 60, reserveMonths: 6, collateral: nil,
            loanToValuePercent: nil)
    }

    func testCleanApplicationIsApprovedOnEveryCriterion() {
        let decision = LoanUnderwriting.decide(clean())
        XCTAssertEqual(decision.label, .approve)
        XCTAssertEqual(
            decision.decidingFacts, [.debtToIncome, .delinquencies, .derogatoryRecord, .employment, .reserves])
        var secured = clean()
        secured.collateral = .vehicle
        secured.loanToValuePercent = 90
        XCTAssertEqual(LoanUnderwriting.decide(secured).label, .approve, "LTV 90 % is still within the approve band")
        XCTAssertEqual(LoanUnderwriting.decide(secured).decidingFacts.last, .loanToValue)
    }

    func testThresholdsAreWhereTheRulesSayTheyAre() {
        let cases: [(String, (inout LoanFacts) -> Void, LoanLabel, [LoanUnderwriting.Fact])] = [
            (
                "DTI 40", { $0.debtToIncomePercent = 40 }, .approve,
                LoanUnderwriting.Fact.allCases.filter { $0 != .loanToValue }
            ),
            ("DTI 41", { $0.debtToIncomePercent = 41 }, .refer, [.debtToIncome]),
            ("DTI 50", { $0.debtToIncomePercent = 50 }, .refer, [.debtToIncome]),
            ("DTI 51", { $0.debtToIncomePercent = 51 }, .decline, [.debtToIncome]),
            ("1 late", { $0.delinquencies24Months = 1 }, .refer, [.delinquencies]),
            ("2 late", { $0.delinquencies24Months = 2 }, .refer, [.delinquencies]),
            ("3 late", { $0.delinquencies24Months = 3 }, .decline, [.delinquencies]),
            ("judgment", { $0.derogatoryRecord = .unpaidJudgment }, .decline, [.derogatoryRecord]),
            ("tax lien", { $0.derogatoryRecord = .taxLien }, .decline, [.derogatoryRecord]),
            ("collection", { $0.derogatoryRecord = .collectionAccount }, .decline, [.derogatoryRecord]),
            ("23 months employed", { $0.employmentMonths = 23 }, .refer, [.employment]),
            (
                "24 months employed", { $0.employmentMonths = 24 }, .approve,
                LoanUnderwriting.Fact.allCases.filter { $0 != .loanToValue }
            ),
            ("1 month reserves", { $0.reserveMonths = 1 }, .refer, [.reserves]),
            (
                "2 months reserves", { $0.reserveMonths = 2 }, .approve,
                LoanUnderwriting.Fact.allCases.filter { $0 != .loanToValue }
            ),
            (
                "LTV 91",
                {
                    $0.collateral = .homeEquity
                    $0.loanToValuePercent = 91
                }, .refer, [.loanToValue]
            ),
            (
                "LTV 110",
                {
                    $0.collateral = .homeEquity
                    $0.loanToValuePercent = 110
                }, .refer, [.loanToValue]
            ),
            (
                "LTV 111",
                {
                    $0.collateral = .homeEquity
                    $0.loanToValuePercent = 111
                }, .decline, [.loanToValue]
            ),
            (
                "LTV without collateral is ignored", { $0.loanToValuePercent = 150 }, .approve,
                LoanUnderwriting.Fact.allCases.filter { $0 != .loanToValue }
            ),
        ]
        for (name, edit, label, deciding) in cases {
            var facts = clean()
            edit(&facts)
            let decision = LoanUnderwriting.decide(facts)
            XCTAssertEqual(decision.label, label, "case \(name)")
            XCTAssertEqual(decision.decidingFacts, deciding, "case \(name)")
        }
    }

    func testDeclineOutranksReferAndKeepsOnlyDeclineFacts() {
        var facts = clean()
        facts.debtToIncomePercent = 45
        facts.employmentMonths = 6
        facts.delinquencies24Months = 4
        facts.derogatoryRecord = .taxLien
        let decision = LoanUnderwriting.decide(facts)
        XCTAssertEqual(decision.label, .decline)
        XCTAssertEqual(decision.decidingFacts, [.delinquencies, .derogatoryRecord])
        facts.delinquencies24Months = 0
        facts.derogatoryRecord = .none
        XCTAssertEqual(
            LoanUnderwriting.decide(facts), .init(label: .refer, decidingFacts: [.debtToIncome, .employment]))
    }
}
