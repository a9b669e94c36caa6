import Support

/// The neutral parts of a contract: the subject of each kind of agreement and boilerplate sections that
/// lengthen it without touching liability, indemnity, termination, renewal, penalties, juries or governing law.
enum ContractFiller {
    typealias Block = DraftText.Block

    /// The opening sections that say what the agreement is about (always written, before the risk clauses).
    static func subjectSections(for genre: Genre, role: String, random: inout SeededGenerator) -> [Block] {
        let slots: [String: DraftText.Piece] = [
            "role": .literal(role),
            "fee": .literal(
                MoneyStyle(currency: random.pick(MoneyStyle.currencies), placement: 0).format(
                    random.int(in: 4...90) * 1_000)),
            "days": .literal("\(random.pick([15, 30, 45]))"), "years": .literal("\(random.pick([2, 3, 5]))"),
            "sqft": .literal(MoneyStyle.grouped(random.int(in: 8...60) * 100)),
        ]
        let texts: [String]
        switch genre {
        case .nonDisclosureAgreement:
            texts = [
                "Purpose. The {role} intends to share information with the Company so that the parties can evaluate a possible business relationship (the \"Purpose\").",
                "Confidential Information. \"Confidential Information\" means all non-public business, technical and financial information disclosed by the {role}, whether in writing, orally or by inspection, that is marked as confidential or would reasonably be understood to be confidential.",
                "Obligations. The Company shall use the Confidential Information only for the Purpose, shall protect it with at least reasonable care, and shall disclose it only to employees and advisers who need to know it and are bound by similar obligations. These obligations last for {years} years after disclosure.",
            ]
        case .supplyAgreement:
            texts = [
                "Products. The {role} shall supply the products described in Schedule A in the quantities stated in purchase orders issued by the Company from time to time.",
                "Orders and Delivery. Each purchase order becomes binding when accepted by the {role}. Delivery shall be made to the Company's warehouse within {days} days of acceptance, with title passing on delivery.",
                "Price and Payment. Prices are set out in Schedule A and are fixed for the first year. The Company shall pay each undisputed invoice within {days} days of receipt; late payments bear simple interest at one percent per month.",
            ]
        case .leaseAgreement:
            texts = [
                "Premises. The {role} leases to the Company approximately {sqft} square feet of office and storage space described in Exhibit A (the \"Premises\").",
                "Rent. The Company shall pay monthly rent of {fee} in advance on the first day of each month, together with its proportionate share of building operating costs.",
                "Use and Maintenance. The Company shall use the Premises for general office purposes only. The {role} shall maintain the roof, structure and common areas; the Company shall keep the interior in good order.",
            ]
        default:
            texts = [
                "Services. The {role} shall provide the services described in each statement of work signed by both parties (the \"Services\") with reasonable skill and care.",
                "Fees. The Company shall pay the fees stated in each statement of work, estimated at {fee} per year, within {days} days of receipt of a correct invoice; late payments bear simple interest at one percent per month.",
                "Acceptance. Deliverables are accepted when the Company confirms in writing that they conform to the statement of work, or ten business days after delivery if no written objection is raised.",
            ]
        }
        return texts.map { Block($0, slots) }
    }

    /// Boilerplate sections that can be added in any number and order.
    static func boilerplate(role: String) -> [Block] {
        let slots: [String: DraftText.Piece] = ["role": .literal(role)]
        return [
            "Notices. Notices under this Agreement must be in writing and are effective when delivered by hand, by courier or by email with confirmation of receipt to the addresses set out on the signature page.",
            "Assignment. Neither party may assign this Agreement without the prior written consent of the other, except to a successor to all or substantially all of its business that agrees in writing to be bound by it.",
            "Force Majeure. Neither party is responsible for a delay caused by events beyond its reasonable control, such as natural disasters, epidemics, war or failures of public utilities, provided it notifies the other party promptly and resumes performance as soon as possible.",
            "Entire Agreement. This Agreement, with its schedules and exhibits, is the entire agreement between the parties on its subject and replaces all earlier proposals, negotiations and understandings.",
            "Severability. If any provision of this Agreement is held invalid, the remaining provisions stay in full force, and the invalid provision shall be replaced by a valid one that comes closest to its original intent.",
            "Counterparts. This Agreement may be signed in counterparts, including by electronic signature, each of which is an original and all of which together form one instrument.",
            "Independent Contractors. The parties are independent contractors. Nothing in this Agreement creates a partnership, joint venture, agency or employment relationship between them.",
            "Insurance. Each party shall maintain, with reputable insurers, the insurance coverage customary for its business and shall provide certificates of insurance on reasonable request.",
            "Data Protection. Each party shall comply with applicable data protection laws when handling personal data in connection with this Agreement and shall implement appropriate technical and organisational security measures.",
            "Records and Audit. The {role} shall keep accurate records relating to this Agreement for three years and shall make them available for inspection on reasonable notice during normal business hours.",
            "Non-Solicitation. During the term and for twelve months afterwards, neither party shall actively solicit for employment any employee of the other who was directly involved in the performance of this Agreement.",
            "Amendments. This Agreement may be amended only by a written document signed by authorised representatives of both parties.",
            "No Waiver. A failure or delay in exercising a right under this Agreement does not waive that right, and a single or partial exercise does not prevent any further exercise.",
            "Compliance with Laws. Each party shall comply with all laws and regulations that apply to its performance of this Agreement, including anti-bribery and export control laws.",
            "Publicity. Neither party shall issue a press release or public statement about this Agreement without the prior written approval of the other party.",
            "Confidentiality of Terms. The parties shall keep the terms of this Agreement confidential, except for disclosures to professional advisers, financing sources or as required by law.",
            "Further Assurance. Each party shall sign such further documents and take such further steps as may reasonably be required to give full effect to this Agreement.",
            "Subcontracting. The {role} may use subcontractors only with the Company's prior written approval and remains responsible for the work of any subcontractor as for its own.",
            "Interpretation. Headings are for convenience only. Words such as \"including\" are illustrative and do not limit the generality of the words before them.",
            "Dispute Escalation. Before starting formal proceedings, the parties shall refer any dispute to senior executives, who shall meet within fifteen business days to try in good faith to resolve it.",
        ].map { Block($0, slots) }
    }
}
