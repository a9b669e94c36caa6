import Attribution
import Foundation
import Typesetting

/// Sets a dossier's pages from its record: summary first, detail later, one idea per section.
///
/// The regulator variant has every section; the applicant variant is the plain-language subset (decision, reasons
/// in the applicant's own words, what to do next, how to contest, the record), with no technical terms.
struct DossierComposer {
    let record: DossierRecord
    let text: String
    let headMaps: [WindowHeadMaps]
    let template: DossierTemplate
    let fonts: FontLibrary

    var texts: TemplateTexts { template.texts }
    var style: DossierStyle { template.style }
    var e: Explanation { record.explanation }
    var isApplicant: Bool { record.audience == Audience.applicant.rawValue }
    var accent: Color { style.color("accent", default: .accent) }
    var flag: Color { style.color("flag", default: Color(hex: 0xB35806)) }
    var bodySize: Double { style.bodySize }

    /// "application" for a loan model, else "document".
    var documentKind: String {
        e.model.labels.contains("approve") || e.model.labels.contains("decline") ? "application" : "document"
    }

    /// Typesets the dossier with the record embedded as `dossier-record.json`.
    func render(sidecar: Data) throws -> DocumentBuilder.RenderedPDF {
        let caseLabel = record.caseRecord.caseId.map { "case \($0)" } ?? "no case id"
        let title = isApplicant ? "About your \(documentKind)" : "Decision dossier"
        let configuration = DocumentConfiguration(
            pageSize: style.paper,
            metadata: DocumentMetadata(
                title: "\(title) — \(caseLabel)",
                subject: "Explanation of the model decision “\(record.decision.label)” on \(record.document.name)",
                author: style.institution,
                keywords: ["decision explanation", record.decision.label, record.model.architecture, caseLabel],
                creator: "Attention Dossier \(record.tool.version)",
                creationDate: record.caseRecord.decisionDate.date),
            runningHeader: "\(title) · \(caseLabel) · \(record.caseRecord.decisionDate)",
            footerFormat: "Page {page} of {pages}", bodySize: bodySize, headingSizes: [15, 12, 10.5],
            language: style.language)
        let builder = DocumentBuilder(configuration: configuration, fonts: fonts)
        builder.attach(
            PDFAttachment(
                name: "dossier-record.json", data: sidecar, mimeType: "application/json",
                description:
                    "The dossier's record (schemaVersion 1): every number on these pages and how to re-perform it"))
        if isApplicant {
            try composeApplicant(builder)
        } else {
            try composeCover(builder)
            builder.pageBreak()
            builder.tableOfContents()
            try composeReasons(builder)
            try composeDocument(builder)
            try composeHeads(builder)
            try composeTrust(builder)
            try composeFairness(builder)
            try composeLimitations(builder)
            try composeRecord(builder)
            try composeAppendix(builder)
        }
        return try builder.renderPDF()
    }

    // MARK: - Shared pieces

    func body(_ text: String) -> TextSpan { TextSpan(text, style: TextStyle.body.sized(bodySize)) }
    func bold(_ text: String) -> TextSpan { TextSpan(text, style: TextStyle(font: .bodyBold, size: bodySize)) }
    func sans(_ text: String, size: Double? = nil, color: Color = .black, bold: Bool = false) -> TextSpan {
        TextSpan(text, style: TextStyle(font: bold ? .heading : .sans, size: size ?? bodySize, color: color))
    }

    /// A note under a figure or table.
    func caption(_ builder: DocumentBuilder, _ text: String) {
        builder.paragraph(text, style: TextStyle.caption, alignment: .leading)
    }

    /// The decision's probability.
    var decisionProbability: Float {
        record.decision.probabilities.first { $0.label == record.decision.label }?.probability ?? 0
    }

    /// A principal reason's passage with its strongest words in bold.
    func reasonSpans(_ reason: DossierRecord.Reason, size: Double? = nil) -> [TextSpan] {
        let size = size ?? bodySize
        let scalars = Array(text.unicodeScalars)
        let strongest = Set(reason.strongestWords)
        var spans: [TextSpan] = [TextSpan("“", style: TextStyle(font: .body, size: size))]
        // The reason's words in document order, bold where they are among its strongest.
        let words = e.words.filter { $0.start >= reason.start && $0.end <= reason.end }
        var cursor = reason.start
        for word in words {
            if word.start > cursor {
                spans.append(TextSpan(gap(scalars, cursor, word.start), style: TextStyle(font: .body, size: size)))
            }
            let isStrong = strongest.contains(word.text)
            spans.append(
                TextSpan(
                    word.text,
                    style: TextStyle(font: isStrong ? .bodyBold : .body, size: size, color: isStrong ? accent : .black))
            )
            cursor = word.end
        }
        spans.append(TextSpan("”", style: TextStyle(font: .body, size: size)))
        return spans
    }

    /// The text between two offsets with line breaks folded into spaces.
    func gap(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return String(view).contains(where: \.isNewline) ? " " : String(view)
    }
}
