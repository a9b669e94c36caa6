import Support

/// The wording of each risk-relevant contract clause, one sentence per fact, in several variants.
///
/// Each sentence becomes one rationale span when its clause decides the rating.
struct ContractClauses {
    let facts: ContractFacts
    /// The counterparty's defined role, e.g. "Provider".
    let role: String
    /// Whether only the first wording is used (small corpora).
    let limited: Bool

    private func choose(_ options: [String], _ random: inout SeededGenerator) -> String {
        limited ? options[0] : random.pick(options)
    }

    /// The liability sentence and its fact name.
    func liability(_ random: inout SeededGenerator) -> (String, ContractRiskRules.Fact) {
        if limited {
            return facts.liability == .unlimited
                ? ("The Company's liability is unlimited.", .unlimitedLiability)
                : ("Each party's liability is capped at \(facts.liabilityCapMonths) months of fees.", .liabilityCap)
        }
        if facts.liability == .unlimited {
            return (
                choose(
                    [
                        "The Company's liability under this Agreement shall be unlimited, and no limitation or exclusion of liability shall apply to the Company.",
                        "Nothing in this Agreement limits the Company's liability, which shall be unlimited for any loss suffered by the \(role).",
                        "The Company shall be liable without limit for all losses, damages and costs arising out of or relating to this Agreement.",
                    ], &random), .unlimitedLiability
            )
        }
        let months = facts.liabilityCapMonths
        return (
            choose(
                [
                    "Each party's total liability under this Agreement shall not exceed the fees paid in the \(months) months preceding the claim.",
                    "The aggregate liability of either party shall be limited to the amounts paid under this Agreement during the \(months) months before the event giving rise to the claim.",
                    "Neither party shall be liable for more than the fees payable for the \(months) months preceding the claim, and neither party is liable for indirect or consequential loss.",
                ], &random), .liabilityCap
        )
    }

    /// The indemnity sentences and their fact names (clause, then mitigation if any).
    func indemnity(_ random: inout SeededGenerator) -> [(String, ContractRiskRules.Fact)] {
        if limited {
            switch facts.indemnity {
            case .mutual: return [("Each party indemnifies the other for its own breach.", .mutualIndemnity)]
            case .oneSided: return [("The Company alone indemnifies the \(role), without limit.", .oneSidedIndemnity)]
            case .oneSidedCapped:
                return [
                    ("The Company alone indemnifies the \(role).", .oneSidedIndemnity),
                    ("This indemnity is capped at twelve months of fees.", .indemnityCap),
                ]
            }
        }
        if facts.indemnity == .mutual {
            return [
                (
                    choose(
                        [
                            "Each party shall indemnify the other against third-party claims arising from its own breach of this Agreement.",
                            "The parties shall indemnify each other for losses caused by their respective negligence or breach of this Agreement.",
                        ], &random), .mutualIndemnity
                )
            ]
        }
        var sentences = [
            (
                choose(
                    [
                        "The Company shall indemnify, defend and hold harmless the \(role) against any and all claims, losses and expenses, however arising, and the \(role) gives no indemnity in return.",
                        "The Company alone shall indemnify the \(role) and its affiliates for all claims arising in connection with this Agreement, including claims caused by the \(role)'s own negligence.",
                    ], &random), ContractRiskRules.Fact.oneSidedIndemnity
            )
        ]
        if facts.indemnity == .oneSidedCapped {
            sentences.append(
                (
                    choose(
                        [
                            "The Company's total obligations under this indemnity shall not exceed the fees paid under this Agreement in the preceding twelve months.",
                            "This indemnity is capped at an aggregate amount equal to the fees paid by the Company in the prior twelve months.",
                        ], &random), .indemnityCap
                ))
        }
        return sentences
    }

    /// The termination sentences and their fact names.
    func termination(_ random: inout SeededGenerator) -> [(String, ContractRiskRules.Fact)] {
        if limited {
            switch facts.termination {
            case .mutual: return [("Either party may terminate on 60 days' notice.", .mutualTermination)]
            case .unilateral: return [("The \(role) may terminate at any time without cause.", .unilateralTermination)]
            case .unilateralCompensated:
                return [
                    ("The \(role) may terminate at any time without cause.", .unilateralTermination),
                    ("It must then pay for work done and wind-down costs.", .terminationCompensation),
                ]
            }
        }
        if facts.termination == .mutual {
            let days = limited ? 60 : random.pick([30, 60, 90])
            return [
                (
                    choose(
                        [
                            "Either party may terminate this Agreement for convenience on \(days) days' written notice to the other.",
                            "This Agreement may be terminated by either party on \(days) days' written notice, or immediately for a material breach that remains uncured after thirty days.",
                        ], &random), .mutualTermination
                )
            ]
        }
        var sentences = [
            (
                choose(
                    [
                        "The \(role) may terminate this Agreement at any time, for any reason or no reason, with immediate effect, and the Company shall have no corresponding right.",
                        "The \(role) may terminate this Agreement at will on seven days' notice, while the Company may terminate only for the \(role)'s uncured material breach.",
                    ], &random), ContractRiskRules.Fact.unilateralTermination
            )
        ]
        if facts.termination == .unilateralCompensated && facts.contractType == .leaseAgreement {
            sentences.append(
                (
                    "On any such termination the Landlord shall refund all prepaid rent and reimburse the Company's relocation and fit-out costs.",
                    .terminationCompensation
                ))
        } else if facts.termination == .unilateralCompensated {
            sentences.append(
                (
                    choose(
                        [
                            "On any such termination the \(role) shall pay for all work performed and goods delivered up to the termination date, plus the Company's documented wind-down costs.",
                            "If the \(role) terminates under this Section, it shall pay a termination fee equal to three months of fees and reimburse all costs the Company has committed.",
                        ], &random), .terminationCompensation
                ))
        }
        return sentences
    }

    /// The renewal sentences and their fact names (`nil` fact for a non-risky renewal wording).
    func renewal(_ random: inout SeededGenerator) -> [(String, ContractRiskRules.Fact?)] {
        let days = facts.renewalNoticeDays
        if limited {
            switch facts.renewal {
            case .fixedTerm, .automaticShortNotice: return []
            case .automaticLongNotice:
                return [
                    (
                        "It renews automatically unless the Company cancels \(days) days before expiry.",
                        .automaticRenewal
                    )
                ]
            case .automaticLongNoticeWithReminder:
                return [
                    (
                        "It renews automatically unless the Company cancels \(days) days before expiry.",
                        .automaticRenewal
                    ),
                    ("The \(role) must send a reminder before that deadline.", .renewalReminder),
                ]
            }
        }
        switch facts.renewal {
        case .fixedTerm:
            return [
                (
                    "This Agreement has an initial term of \(random.pick([12, 24, 36])) months and expires at the end of that term unless the parties agree in writing to extend it.",
                    nil
                )
            ]
        case .automaticShortNotice:
            return [
                (
                    "This Agreement renews automatically for successive one-year terms unless either party gives notice of non-renewal at least \(days) days before the end of the current term.",
                    nil
                )
            ]
        case .automaticLongNotice, .automaticLongNoticeWithReminder:
            var sentences: [(String, ContractRiskRules.Fact?)] = [
                (
                    choose(
                        [
                            "This Agreement renews automatically for successive \(random.pick(["two", "three"]))-year terms unless the Company gives written notice of non-renewal at least \(days) days before the end of the current term.",
                            "The term shall automatically extend by further periods of three years unless the Company cancels in writing no later than \(days) days before expiry.",
                        ], &random), .automaticRenewal
                )
            ]
            if facts.renewal == .automaticLongNoticeWithReminder {
                sentences.append(
                    (
                        "The \(role) shall send the Company a written reminder of the non-renewal deadline at least thirty days before that deadline, and without such a reminder this Agreement shall not renew.",
                        .renewalReminder
                    ))
            }
            return sentences
        }
    }

    /// The penalty sentences and their fact names; empty when there is no penalty clause.
    func penalty(_ random: inout SeededGenerator) -> [(String, ContractRiskRules.Fact)] {
        guard facts.penalty != .none else { return [] }
        let percent = facts.penaltyPercent
        if limited {
            let clause = (
                "The Company pays a \(percent)% penalty for each week of delay.", ContractRiskRules.Fact.penaltyClause
            )
            return facts.penalty == .capped
                ? [clause, ("Penalties are capped at 5% of annual fees.", .penaltyCap)] : [clause]
        }
        var sentences = [
            (
                choose(
                    [
                        "If the Company misses any delivery or payment date, it shall pay the \(role) a penalty of \(percent)% of the annual contract value for each week of delay.",
                        "Any breach of this Agreement by the Company shall trigger a penalty payment of \(percent)% of the total fees, in addition to any other remedy.",
                    ], &random), ContractRiskRules.Fact.penaltyClause
            )
        ]
        if facts.penalty == .capped {
            sentences.append(
                ("Penalties under this Section shall not exceed 5% of the annual fees in aggregate.", .penaltyCap))
        }
        return sentences
    }

    /// The jury-waiver sentence, when there is one.
    func juryWaiver(_ random: inout SeededGenerator) -> String? {
        guard facts.juryWaiver else { return nil }
        if limited { return "The parties waive trial by jury." }
        return choose(
            [
                "EACH PARTY HEREBY KNOWINGLY AND VOLUNTARILY WAIVES ANY RIGHT TO A TRIAL BY JURY IN ANY PROCEEDING ARISING OUT OF THIS AGREEMENT.",
                "The parties irrevocably waive their right to trial by jury in any dispute relating to this Agreement.",
            ], &random)
    }

    /// The governing-law sentence and its fact name (`nil` for a usual law).
    func governingLaw(_ random: inout SeededGenerator) -> (String, ContractRiskRules.Fact?) {
        let sentence =
            limited
            ? "Governed by the laws of \(facts.governingLaw)."
            : choose(
                [
                    "This Agreement is governed by the laws of \(facts.governingLaw).",
                    "This Agreement shall be construed in accordance with the laws of \(facts.governingLaw), without regard to conflict-of-law principles.",
                ], &random)
        return (sentence, facts.governingLawUnusual ? .unusualGoverningLaw : nil)
    }
}
