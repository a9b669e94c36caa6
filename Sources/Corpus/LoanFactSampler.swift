import Support

/// Draws loan facts whose rule-decided label is a chosen target, with every figure well away from a threshold.
///
/// Each fact is drawn inside the band that demands approve, refer or decline (``LoanUnderwriting``), leaving a
/// gap at every threshold (ratio 36 | 42–49 | 53, reserves 3 | 0–1, employment 3–8 years | 2–18 months, loan-to-value
/// 85 | 93–105 | 115) so labels are crisp.
enum LoanFactSampler {
    static let purposes: [(purpose: String, collateral: LoanFacts.Collateral?)] = [
        ("consolidating existing debts", nil), ("home improvements", .homeEquity), ("a vehicle purchase", .vehicle),
        ("medical bills", nil), ("equipment for a small business", .equipment), ("education costs", nil),
        ("relocation costs", nil), ("a roof replacement", .homeEquity), ("a used car", .vehicle),
    ]

    /// Draws facts whose label under ``LoanUnderwriting/decide(_:)`` is `target`.
    static func facts(for target: LoanLabel, using random: inout SeededGenerator) -> LoanFacts {
        let purpose = random.pick(purposes)
        let secured = purpose.collateral != nil && random.chance(0.75)
        var bands: [LoanUnderwriting.Fact: LoanLabel] = [:]
        let referable: [LoanUnderwriting.Fact] =
            [.debtToIncome, .delinquencies, .employment, .reserves] + (secured ? [.loanToValue] : [])
        let declinable: [LoanUnderwriting.Fact] =
            [.debtToIncome, .delinquencies, .derogatoryRecord] + (secured ? [.loanToValue] : [])
        switch target {
        case .approve:
            break
        case .refer:
            let count = random.chance(0.6) ? 1 : (random.chance(0.85) ? 2 : 3)
            for fact in random.sample(referable, count: count) { bands[fact] = .refer }
        case .decline:
            let count = random.chance(0.7) ? 1 : 2
            for fact in random.sample(declinable, count: count) { bands[fact] = .decline }
            for fact in referable where bands[fact] == nil && random.chance(0.4) { bands[fact] = .refer }
        }
        func band(_ fact: LoanUnderwriting.Fact) -> LoanLabel { bands[fact] ?? .approve }

        let currency = random.pick(MoneyStyle.currencies)
        let income = random.int(in: 50...220) * 50
        let dtiRange: ClosedRange<Int> =
            switch band(.debtToIncome) {
            case .approve: 14...36
            case .refer: 42...49
            case .decline: 53...68
            }
        let termMonths = random.pick([24, 36, 48, 60, 72, 84])
        let annualRatePercent = random.int(in: 6...18)
        var dti = random.int(in: dtiRange)
        var obligations = 0
        var payment = 0
        var amount = 0
        for _ in 0..<20 {
            dti = random.int(in: dtiRange)
            let totalDebt = income * dti / 100
            let paymentTarget = totalDebt * random.int(in: 15...55) / 100
            let factor = paymentFactor(annualRatePercent: annualRatePercent, months: termMonths)
            amount = min(60_000, max(1_000, Int((Double(paymentTarget) / factor / 500).rounded()) * 500))
            payment = Int((Double(amount) * factor).rounded())
            obligations = max(0, totalDebt - payment)
            let stated = ((obligations + payment) * 100 + income / 2) / income
            if dtiRange.contains(stated) {
                dti = stated
                break
            }
        }

        let delinquencies: Int =
            switch band(.delinquencies) {
            case .approve: 0
            case .refer: random.int(in: 1...2)
            case .decline: random.int(in: 3...6)
            }
        let derogatory: LoanFacts.DerogatoryRecord =
            band(.derogatoryRecord) == .decline
            ? random.pick([.unpaidJudgment, .taxLien, .collectionAccount]) : .none
        let employment = band(.employment) == .refer ? random.int(in: 2...18) : random.int(in: 3...8) * 12
        let reserves = band(.reserves) == .refer ? random.int(in: 0...1) : random.int(in: 3...18)
        let ltv: Int? =
            secured
            ? {
                switch band(.loanToValue) {
                case .approve: return random.int(in: 45...85)
                case .refer: return random.int(in: 93...105)
                case .decline: return random.int(in: 115...140)
                }
            }() : nil
        return LoanFacts(
            currency: currency, requestedAmount: amount, termMonths: termMonths, purpose: purpose.purpose,
            monthlyIncome: income, monthlyObligations: obligations, proposedPayment: payment,
            debtToIncomePercent: dti, delinquencies24Months: delinquencies, derogatoryRecord: derogatory,
            derogatoryAmount: derogatory == .none ? 0 : random.int(in: 8...150) * 100, employmentMonths: employment,
            reserveMonths: reserves, collateral: secured ? purpose.collateral : nil, loanToValuePercent: ltv)
    }

    /// The level-payment factor r / (1 − (1 + r)^−n), computed with plain IEEE arithmetic (no `pow`), so every
    /// platform gets the same bits.
    static func paymentFactor(annualRatePercent: Int, months: Int) -> Double {
        let rate = Double(annualRatePercent) / 1_200
        var growth = 1.0
        for _ in 0..<months { growth *= 1 + rate }
        return rate / (1 - 1 / growth)
    }
}
