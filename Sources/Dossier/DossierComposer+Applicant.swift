import Typesetting

extension DossierComposer {
    /// The applicant's variant: what was decided, the main reasons in their own words, what to do next and how to
    /// contest — no technical terms.
    func composeApplicant(_ builder: DocumentBuilder) throws {
        builder.heading("About your \(documentKind)", level: 1)
        builder.paragraph(
            [
                sans(
                    "\(style.institution) · \(record.caseRecord.caseId.map { "Reference \($0)" } ?? "")"
                        + " · \(record.caseRecord.decisionDate)", color: .darkGray)
            ], alignment: .leading)
        builder.paragraph(
            [
                sans("Proposed outcome: ", size: 14, color: .darkGray),
                sans(record.decision.label, size: 20, color: accent, bold: true),
            ], alignment: .leading)
        builder.paragraph(
            try texts.render("applicant-intro", ["documentKind": documentKind, "decision": record.decision.label]))
        builder.heading("The main reasons", level: 2)
        if record.reasons.isEmpty {
            builder.paragraph("We could not single out any part of your \(documentKind) as a main reason.")
        }
        for reason in record.reasons {
            let headline = reason.codeText ?? "Another part of your \(documentKind) that weighed in the outcome"
            builder.paragraph([sans("\(reason.rank). \(headline)", bold: true)], alignment: .leading)
            builder.paragraph([body("From your \(documentKind): ")] + reasonSpans(reason), alignment: .leading)
        }
        builder.heading("What you can do", level: 2)
        builder.paragraph(try texts.render("applicant-next", ["documentKind": documentKind]))
        try composeArticle86(builder)
        builder.heading("Your record", level: 2)
        let r = record.caseRecord
        builder.paragraph(
            [
                bold("Reference: "), body("\(r.caseId ?? "—")   "), bold("Date: "), body("\(r.decisionDate)   "),
                bold("Kept until: "), body("\(r.retainUntil)"),
            ], alignment: .leading)
        builder.paragraph([bold("Contact: "), body(r.contact)], alignment: .leading)
    }
}
