import Support

/// The wording of each deciding loan fact: varied phrases that always state the figure and a plain-words
/// judgement consistent with the rule band ("47%, which is on the high side").
///
/// Every phrase here becomes one rationale span when its fact decides the label, so a phrase holds exactly the
/// fact, never a carrier sentence around it.
struct LoanPhrases {
    let facts: LoanFacts
    let money: MoneyStyle
    /// Whether counts are written as words ("two") rather than digits.
    let wordsForCounts: Bool
    /// Whether only the first wording of each phrase is used (small corpora).
    let limited: Bool

    private func choose(_ options: [String], _ random: inout SeededGenerator) -> String {
        limited ? options[0] : random.pick(options)
    }

    // MARK: - Prose phrases

    /// E.g. "a debt-to-income ratio of 47%, which is on the high side".
    func debtToIncome(_ random: inout SeededGenerator) -> String {
        let ratio = facts.debtToIncomePercent
        let judgement: [String] =
            switch LoanUnderwriting.band(of: .debtToIncome, in: facts) ?? .approve {
            case .approve: ["comfortably within guidelines", "a manageable level", "well within the usual limit"]
            case .refer: ["on the high side", "above the preferred range", "somewhat stretched"]
            case .decline: ["well above the maximum", "an excessive level", "far beyond acceptable limits"]
            }
        let quality = choose(judgement, &random)
        return choose(
            [
                "a debt-to-income ratio of \(ratio)%, which is \(quality)",
                "a total debt-to-income ratio of \(ratio)% after the new payment, \(quality)",
                "debt payments taking \(ratio)% of gross income, \(quality)",
                "a DTI of \(ratio)% including the proposed payment, \(quality)",
            ], &random)
    }

    /// E.g. "two late payments of 30 days or more in the last 24 months".
    func delinquencies(_ random: inout SeededGenerator) -> String {
        let count = facts.delinquencies24Months
        let number = MoneyStyle.count(count, asWord: wordsForCounts)
        switch count {
        case 0:
            return choose(
                [
                    "no late payments in the last 24 months",
                    "no delinquencies in the past two years",
                    "a clean payment record with no 30-day lates in 24 months",
                ], &random)
        case 1...2:
            let plural = count == 1 ? "" : "s"
            let delinquency = count == 1 ? "delinquency" : "delinquencies"
            return choose(
                [
                    "\(number) late payment\(plural) of 30 days or more in the last 24 months",
                    "\(number) \(delinquency) in the past two years",
                    "\(number) 30-day late payment\(plural) within the last 24 months",
                ], &random)
        default:
            return choose(
                [
                    "\(number) delinquencies in the last 24 months, a pattern of missed payments",
                    "\(number) payments 30 or more days late in the past two years",
                    "\(number) late payments in the last 24 months, one of them 90 days late",
                ], &random)
        }
    }

    /// E.g. "an unpaid civil judgment of $4,300".
    func derogatoryRecord(_ random: inout SeededGenerator) -> String {
        let amount = money.format(facts.derogatoryAmount)
        switch facts.derogatoryRecord {
        case .none:
            return choose(
                [
                    "no judgments, tax liens or collection accounts", "no public records or collections",
                    "a clean public record with no judgments or liens",
                ], &random)
        case .unpaidJudgment:
            return choose(
                [
                    "an unpaid civil judgment of \(amount)", "an unsatisfied court judgment for \(amount)",
                    "an outstanding judgment of \(amount) that remains unpaid",
                ], &random)
        case .taxLien:
            return choose(
                ["an unreleased tax lien of \(amount)", "a state tax lien of \(amount) that has not been released"],
                &random)
        case .collectionAccount:
            return choose(
                ["an open collection account of \(amount)", "a collection account for \(amount) that is still unpaid"],
                &random)
        }
    }

    /// E.g. "employed at Atlas Freight for 7 years" or "with Atlas Freight for only 8 months".
    func employment(employer: String, _ random: inout SeededGenerator) -> String {
        let months = facts.employmentMonths
        if months >= 24 {
            let years = months / 12
            return choose(
                [
                    "employed at \(employer) for \(years) years",
                    "with \(employer) for \(years) years, a stable history",
                    "in the same job at \(employer) for \(years) years",
                ], &random)
        }
        return choose(
            [
                "employed at \(employer) for only \(months) months",
                "with \(employer) for just \(months) months after a recent job change",
                "in the current job at \(employer) for \(months) months, less than two years",
            ], &random)
    }

    /// E.g. "savings covering 6 months of payments" or "less than one month of payments in savings".
    func reserves(_ random: inout SeededGenerator) -> String {
        switch facts.reserveMonths {
        case 0:
            return choose(
                ["less than one month of payments in savings", "almost no savings, under one month of payments"],
                &random)
        case 1:
            return choose(
                ["savings covering only one month of payments", "reserves of just one month of payments"], &random)
        default:
            let months = facts.reserveMonths
            return choose(
                [
                    "savings covering \(months) months of payments",
                    "liquid reserves equal to \(months) months of payments",
                    "\(months) months of payments held in savings",
                ], &random)
        }
    }

    /// E.g. "a loan-to-value ratio of 96%, leaving thin equity"; empty for an unsecured loan.
    func loanToValue(_ random: inout SeededGenerator) -> String {
        guard let ratio = facts.loanToValuePercent else { return "" }
        let judgement: [String] =
            switch LoanUnderwriting.band(of: .loanToValue, in: facts) ?? .approve {
            case .approve: ["well secured", "leaving solid equity"]
            case .refer: ["leaving thin equity", "close to the full value of the collateral"]
            case .decline: ["more than the collateral is worth", "exceeding the value of the collateral"]
            }
        let quality = choose(judgement, &random)
        return choose(
            ["a loan-to-value ratio of \(ratio)%, \(quality)", "loan-to-value of \(ratio)%, \(quality)"], &random)
    }

    // MARK: - Form fields

    /// The form line of a fact, e.g. "Late payments (30+ days, last 24 months): 2".
    func formField(_ fact: LoanUnderwriting.Fact, employer: String) -> String {
        switch fact {
        case .debtToIncome:
            let band = LoanUnderwriting.band(of: .debtToIncome, in: facts) ?? .approve
            let note = band == .approve ? "within limit" : band == .refer ? "elevated" : "exceeds maximum"
            return "Debt-to-income incl. proposed payment: \(facts.debtToIncomePercent)% (\(note))"
        case .delinquencies:
            let count = facts.delinquencies24Months
            let note = count == 0 ? "clean" : count <= 2 ? "recent late payments" : "repeated late payments"
            return "Late payments (30+ days, last 24 months): \(count) (\(note))"
        case .derogatoryRecord:
            let amount = money.format(facts.derogatoryAmount)
            switch facts.derogatoryRecord {
            case .none: return "Judgments, liens, collections: none"
            case .unpaidJudgment: return "Judgments, liens, collections: unpaid judgment, \(amount)"
            case .taxLien: return "Judgments, liens, collections: unreleased tax lien, \(amount)"
            case .collectionAccount: return "Judgments, liens, collections: open collection account, \(amount)"
            }
        case .employment:
            let months = facts.employmentMonths
            let time = months >= 24 ? "\(months / 12) years (stable)" : "\(months) months (less than two years)"
            return "Time with current employer (\(employer)): \(time)"
        case .reserves:
            let months = facts.reserveMonths
            let time = months == 0 ? "less than 1 month" : months == 1 ? "1 month" : "\(months) months"
            return "Liquid reserves after closing: \(time) of payments (\(months >= 2 ? "adequate" : "thin"))"
        case .loanToValue:
            let band = LoanUnderwriting.band(of: .loanToValue, in: facts) ?? .approve
            let note =
                band == .approve ? "adequate equity" : band == .refer ? "thin equity" : "exceeds collateral value"
            return "Loan-to-value: \(facts.loanToValuePercent ?? 0)% (\(note))"
        }
    }
}
