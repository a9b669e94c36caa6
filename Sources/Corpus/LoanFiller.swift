/// Neutral paragraphs that lengthen loan documents without touching any underwriting fact or protected
/// attribute: documents supplied, the purpose in more detail, the banking relationship, logistics.
enum LoanFiller {
    typealias Block = DraftText.Block

    /// The filler pool for one document.
    ///
    /// - Parameter firstPerson: Applicant's voice (letters, form remarks) or the officer's (summaries).
    static func paragraphs(
        firstPerson: Bool, facts: LoanFacts, money: MoneyStyle, lender: String, employer: String, city: String
    ) -> [Block] {
        let slots: [String: DraftText.Piece] = [
            "lender": .literal(lender), "employer": .literal(employer), "city": .literal(city),
            "purpose": .literal(facts.purpose), "amount": .literal(money.format(facts.requestedAmount)),
            "term": .literal("\(facts.termMonths)"),
        ]
        return (firstPerson ? applicant : officer).map { Block($0, slots) }
    }

    static let applicant = [
        "I have attached my two most recent pay stubs, last year's tax return and three months of bank statements. If anything else is needed, I can bring it to the branch in {city} during my lunch break.",
        "The money is for {purpose}. I compared several quotes and chose the one that seemed most reasonable, not simply the cheapest, because the seller could confirm the price in writing.",
        "I chose {lender} because a colleague at {employer} recommended your branch and said the staff explain things clearly. I would prefer to be contacted by email during the day.",
        "I have thought carefully about the amount. I asked for {amount} rather than a round larger figure because that is what the quotes add up to, with a small margin for sales tax.",
        "If the application goes ahead, I would like the payment date to fall a few days after payday, around the fifth of each month, so that the money is always in the account on time.",
        "I keep a simple budget in a spreadsheet and review it every Sunday evening. Groceries, transport and utilities are planned first, and anything left is split between savings and small treats.",
        "My manager at {employer} is happy to confirm my position and salary by phone or letter. The human resources office can be reached on weekdays between nine and four.",
        "I have read the information sheet on your website about fees and early repayment. I understand there is no penalty for paying the loan off early, which I may try to do.",
        "I am not asking for any other credit at the moment and I do not plan to open new accounts while this application is being considered.",
        "For the record, my current address is the same as on my driving licence. I have lived in {city} for several years and do not expect to move in the near future.",
        "I would be grateful if the decision could be sent in writing. I understand the review may take up to ten business days and that you may need to verify some of the figures.",
        "To explain the timing: I have put off borrowing for {purpose} twice already, and the costs have risen each time, so I would rather go ahead now than wait another season.",
        "Please note that my mobile number changed last month. The new number is on the attached form, and the old one is no longer in service.",
        "I am comfortable with a fixed rate. A predictable payment over {term} months suits me better than a variable one, even if the starting rate is slightly higher.",
        "I have also compared an offer from an online lender, but I would rather deal with a local institution where I can speak to someone in person if a question comes up.",
        "If you need a co-signer or additional documents, please let me know before making a decision so that I can provide them promptly.",
        "I understand that the figures in this application will be checked against my credit report and my bank statements, and I have tried to state them as accurately as I can.",
        "Thank you as well for the help your staff gave me on the phone last week when I asked about the documents required; it made preparing this application much easier.",
    ]

    static let officer = [
        "Documents received: two recent pay stubs, prior-year tax return, three months of bank statements and photo identification. Employment was verified by telephone with the human resources office at {employer}.",
        "Purpose: the funds are for {purpose}; the applicant provided written quotes, and funds would be disbursed directly to the vendor or creditor where possible.",
        "Relationship: the applicant has held a checking account at {lender} for several years, with regular payroll deposits from {employer}.",
        "The requested amount of {amount} matches the vendor quotes plus applicable taxes. No cash-out to the applicant is requested.",
        "Address history was verified against the credit bureau file; the applicant has lived in the {city} area for several years. No identity alerts or fraud flags appear on the report.",
        "The applicant asked for a payment date shortly after payday and for statements by email. Autopay from the checking account was offered and accepted.",
        "Pricing follows the current rate sheet for a {term}-month term. No exception to pricing or fees is requested in this file.",
        "The applicant was informed of the right to receive a copy of any appraisal or valuation and of the notice requirements that apply to the decision.",
        "Inquiries: one recent inquiry appears on the credit report, related to this application. The applicant stated that no other credit applications are pending.",
        "The income figures were calculated from year-to-date earnings on the latest pay stub and cross-checked with the tax return; no overtime or bonus income was included.",
        "Branch notes: the interview took about forty minutes. The applicant answered questions about the budget and the purpose directly and supplied missing documents the next day.",
        "Compliance: the application was taken in person at the {city} branch. Required disclosures were provided at application and acknowledged in writing.",
        "Insurance: optional payment protection was explained and declined. Property or vehicle insurance, where required, will be confirmed before funding.",
        "The file was reviewed for completeness by a second officer. All required signatures are present and the figures on the application agree with the supporting documents.",
        "Alternatives considered: a shorter term was discussed but would raise the monthly payment; the applicant preferred the term requested.",
        "Funding timeline: if a decision is reached this week, disbursement could take place within five business days after closing documents are signed.",
    ]
}
