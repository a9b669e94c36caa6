extension LoanDocumentWriter {
    /// Plans the document in its genre and writes it.
    ///
    /// - Parameters:
    ///   - targetWords: The length to pad towards with filler paragraphs.
    ///   - maximumWords: A hard upper bound on the length.
    ///   - factsWithin: Keep every fact within this many words, if set.
    ///   - text: The text to write into.
    mutating func write(targetWords: Int, maximumWords: Int, factsWithin: Int?, into text: inout DraftText) {
        var plan: DocumentPlan
        if small {
            plan = smallPlan()
        } else {
            switch genre {
            case .letter: plan = letterPlan()
            case .form: plan = formPlan()
            default: plan = summaryPlan()
            }
            let pool = LoanFiller.paragraphs(
                firstPerson: genre != .officerSummary, facts: facts, money: money, lender: lender,
                employer: employer, city: city)
            plan.fill(
                from: pool, target: targetWords, maximum: maximumWords, keepFirst: 1, factsWithin: factsWithin,
                using: &random)
            if genre == .form && plan.body.isEmpty { plan.body = [Block("None.")] }
        }
        plan.write(into: &text)
    }

    private var request: [String: DraftText.Piece] {
        [
            "amount": .literal(money.format(facts.requestedAmount)), "term": .literal("\(facts.termMonths)"),
            "purpose": .literal(facts.purpose), "income": .literal(money.format(facts.monthlyIncome)),
            "obligations": .literal(money.format(facts.monthlyObligations)),
            "payment": .literal(money.format(facts.proposedPayment)), "lender": .literal(lender),
            "occupation": .literal(occupation), "collateral": .literal(collateralDescription),
            "value": .literal(money.format(collateralValue)), "city": .literal(city),
        ]
    }

    private func slots(_ extra: [String: DraftText.Piece]) -> [String: DraftText.Piece] {
        request.merging(extra) { _, new in new }
    }

    // MARK: - Letter

    private mutating func letterPlan() -> DocumentPlan {
        var plan = DocumentPlan()
        let greeting = random.pick([
            "Dear {lender} lending team,", "To the loan department at {lender},", "Dear Sir or Madam,",
        ])
        plan.head = [Block(greeting + "\n\n", request)]
        let opening = random.pick([
            "I am writing to apply for a loan of {amount} over {term} months to cover {purpose}.",
            "Please accept this letter as my application for {amount}, repaid over {term} months, for {purpose}.",
            "I would like to borrow {amount} for {purpose}, with a term of {term} months.",
        ])
        var about = Block(opening, request)
        for sentence in protectedSentences(firstPerson: true) { about.add(sentence) }
        plan.body.append(about)
        let employment = factPiece(.employment)
        plan.body.append(
            Block(
                random.pick([
                    "I work as {occupation} and have been {employment}.",
                    "Currently I am {occupation}; I have been {employment}.",
                    "For work, I am {occupation}. I have been {employment}.",
                    "My job is steady: I am {occupation} and have been {employment}.",
                ]), slots(["employment": employment])))
        let dti = factPiece(.debtToIncome)
        plan.body.append(
            Block(
                random.pick([
                    "My gross monthly income is {income}. My existing debt payments come to {obligations} a month, and the new payment would be about {payment}, which gives {dti}.",
                    "I earn {income} a month before tax and already pay {obligations} a month on other debts. With the estimated payment of {payment}, that works out to {dti}.",
                    "Before tax my household brings in {income} a month. Car, card and other loan payments already take {obligations}; adding the new payment of roughly {payment} leaves me with {dti}.",
                    "Here are my numbers: income of {income} per month, {obligations} in existing monthly debt payments and an expected payment of {payment} on this loan. By my count that is {dti}.",
                ]), slots(["dti": dti])))
        let delinquencies = factPiece(.delinquencies)
        let derogatory = factPiece(.derogatoryRecord)
        plan.body.append(
            Block(
                random.pick([
                    "My credit report shows {delinquencies}. As for public records, it lists {derogatory}.",
                    "You will see {delinquencies} on my credit report, and the public-record section shows {derogatory}.",
                    "I pulled my own credit report last month. It shows {delinquencies}, and under public records it lists {derogatory}.",
                    "On credit history, I have {delinquencies}. My report also shows {derogatory}.",
                ]), slots(["delinquencies": delinquencies, "derogatory": derogatory])))
        var reserves = Block(
            random.pick([
                "After closing I would still have {reserves}.", "Once the loan closes I will keep {reserves}.",
                "As a cushion, I would have {reserves} after the loan is made.",
            ]),
            slots(["reserves": factPiece(.reserves)]))
        if facts.collateral != nil {
            reserves.add(
                Block(
                    "The loan would be secured by {collateral}, valued at {value}, for {ltv}.",
                    slots(["ltv": factPiece(.loanToValue)])))
        }
        plan.body.append(reserves)
        let closing = random.pick([
            "Thank you for considering my application.", "I appreciate your time and look forward to hearing from you.",
        ])
        var signature = Block(
            closing + "\n\n" + random.pick(["Sincerely,", "Kind regards,", "Yours faithfully,"]) + "\n")
        if profile.mentions(.sex) {
            signature.add(Block("{title} ", ["title": mention(.sex, .title)]), separator: "")
        }
        signature.add(Block("{name}\n", ["name": mention(.name, .fullName)]), separator: "")
        plan.tail = [signature]
        return plan
    }

    // MARK: - Form

    private mutating func formPlan() -> DocumentPlan {
        var plan = DocumentPlan()
        plan.paragraphBreak = "\n"
        var lines: [Block] = [
            Block(random.pick(["{lender} consumer loan application\n", "LOAN APPLICATION — {lender}\n"]), request),
            Block("Application no.: {number}\n", ["number": .literal("CL-\(random.int(in: 100_000...999_999))")]),
            Block("Applicant name: {name}\n", ["name": mention(.name, .fullName)]),
        ]
        let labels: [ProtectedAttribute: String] = [
            .age: "Age", .sex: "Sex", .maritalStatus: "Marital status", .race: "Race (voluntary)",
            .color: "Complexion (self-described)", .religion: "Religious affiliation (optional)",
            .nationalOrigin: "National origin", .publicAssistance: "Public assistance received",
        ]
        for attribute in profile.mentioned where attribute != .name {
            let form: MentionForm = attribute == .age || attribute == .publicAssistance ? .value : .capitalized
            lines.append(Block("\(labels[attribute] ?? attribute.rawValue): {v}\n", ["v": mention(attribute, form)]))
        }
        lines.append(Block("Occupation: {occupation}\nCity: {city}\n", request))
        lines.append(Block("Amount requested: {amount}\nTerm: {term} months\nPurpose: {purpose}\n", request))
        lines.append(
            Block(
                "Gross monthly income: {income}\nExisting monthly debt payments: {obligations}\nEstimated new payment: {payment}\n",
                request))
        for fact in writtenFacts {
            if fact == .loanToValue {
                lines.append(Block("Collateral: {collateral}, valued at {value}\n", request))
            }
            lines.append(Block("{f}\n", ["f": .fact(fact.rawValue, phrases.formField(fact, employer: employer))]))
        }
        lines.append(Block("\nApplicant remarks:\n"))
        plan.head = lines
        plan.body = []
        plan.tail = [
            Block(
                "\nI certify that the information above is true and complete.\nSigned: {name}\n",
                ["name": mention(.name, .fullName)])
        ]
        plan.paragraphBreak = "\n"
        return plan
    }

    // MARK: - Officer's summary

    private mutating func summaryPlan() -> DocumentPlan {
        var plan = DocumentPlan()
        plan.head = [
            Block(random.pick(["CREDIT MEMORANDUM\n", "Loan committee summary\n", "Underwriting file note\n"])),
            Block("Applicant: {name}\n", ["name": mention(.name, .fullName)]),
            Block("Request: {amount} over {term} months for {purpose}\n\n", request),
        ]
        var background =
            Block("Background: ") + reference()
            + Block(" works as {occupation} and has been {employment}.", slots(["employment": factPiece(.employment)]))
        for sentence in protectedSentences(firstPerson: false) { background.add(sentence) }
        plan.body.append(background)
        plan.body.append(
            Block(
                random.pick([
                    "Capacity: gross monthly income of {income} against existing obligations of {obligations}; with the proposed payment of {payment} the file shows {dti}.",
                    "Capacity: income is {income} a month, current debts take {obligations} and the new payment adds {payment}, for {dti}.",
                    "Repayment capacity: verified income {income} per month; existing debt service {obligations}; proposed payment {payment}. Result: {dti}.",
                ]), slots(["dti": factPiece(.debtToIncome)])))
        plan.body.append(
            Block(
                random.pick([
                    "Credit: the bureau report lists {delinquencies}. Public records show {derogatory}.",
                    "Credit history: {delinquencies}; public-record search found {derogatory}.",
                    "Credit: tri-merge report reviewed. Payment history shows {delinquencies}, and the public-record search returned {derogatory}.",
                ]), slots(["delinquencies": factPiece(.delinquencies), "derogatory": factPiece(.derogatoryRecord)])))
        var reserves = Block(
            random.pick([
                "Reserves: after closing the applicant would retain {reserves}.",
                "Liquidity: bank statements show {reserves} once the loan closes.",
            ]), slots(["reserves": factPiece(.reserves)]))
        if facts.collateral != nil {
            reserves.add(
                Block(
                    "Collateral: {collateral}, valued at {value}, for {ltv}.", slots(["ltv": factPiece(.loanToValue)])))
        }
        plan.body.append(reserves)
        plan.tail = [
            Block(random.pick(["Presented for committee review.\n", "Submitted for an underwriting decision.\n"]))
        ]
        return plan
    }

    // MARK: - Small

    private mutating func smallPlan() -> DocumentPlan {
        var plan = DocumentPlan()
        var paragraph = Block(
            "Applicant {name} requests {amount} for {purpose}.", slots(["name": mention(.name, .fullName)]))
        if profile.mentions(.sex) {
            paragraph.add(Block("Sex: {v}.", ["v": mention(.sex, .value)]))
        }
        for sentence in protectedSentences(firstPerson: false) { paragraph.add(sentence) }
        paragraph.add(Block("The applicant has been {employment}.", slots(["employment": factPiece(.employment)])))
        paragraph.add(Block("The file shows {dti}.", slots(["dti": factPiece(.debtToIncome)])))
        paragraph.add(
            Block("The credit report lists {delinquencies}.", slots(["delinquencies": factPiece(.delinquencies)])))
        paragraph.add(Block("Public records show {derogatory}.", slots(["derogatory": factPiece(.derogatoryRecord)])))
        paragraph.add(Block("The applicant would retain {reserves}.", slots(["reserves": factPiece(.reserves)])))
        if facts.collateral != nil {
            paragraph.add(Block("The loan is secured, with {ltv}.", slots(["ltv": factPiece(.loanToValue)])))
        }
        plan.body = [paragraph]
        plan.paragraphBreak = "\n"
        return plan
    }
}
