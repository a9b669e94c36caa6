import Typesetting

extension DossierComposer {
    /// The cover: decision and confidence at a glance, why in two sentences, the trust verdict, what to doubt,
    /// and the identifiers an auditor checks.
    func composeCover(_ builder: DocumentBuilder) throws {
        builder.heading("Decision dossier", level: 1)
        builder.paragraph(
            [
                sans(
                    "\(style.institution) · \(record.caseRecord.caseId.map { "Case \($0)" } ?? "No case id given")"
                        + " · decision date \(record.caseRecord.decisionDate)", size: bodySize, color: .darkGray)
            ], alignment: .leading)
        builder.paragraph(
            [
                sans("Model decision: ", size: 16, color: .darkGray),
                sans(record.decision.label, size: 22, color: accent, bold: true),
                sans("   probability \(Formatting.percent(decisionProbability))", size: 12, color: .darkGray),
            ], alignment: .leading)
        let chart = try BarChart(
            title: "Probability of each class (%)", categories: record.decision.probabilities.map(\.label),
            values: record.decision.probabilities.map { Double($0.probability) * 100 }, valueLabel: "%",
            color: accent, height: 96)
        builder.barChart(
            chart,
            alternativeText: "Bar chart of class probabilities: "
                + record.decision.probabilities.map { "\($0.label) \(Formatting.percent($0.probability))" }
                .joined(separator: ", "))
        builder.heading("Why, in brief", level: 2)
        builder.paragraph(record.decision.summary)
        builder.paragraph([bold("Trust: \(record.trust.verdict). "), body(try coverTrustLine())], alignment: .leading)
        if !record.caveats.isEmpty {
            builder.heading("Read before relying on this dossier", level: 2)
            for caveat in record.caveats {
                builder.paragraph(
                    [sans("Caution: ", color: flag, bold: true), sans(caveat, color: flag)], alignment: .leading)
            }
        }
        builder.heading("Identification", level: 2)
        let weights = record.model.files.first { $0.name.hasSuffix(".safetensors") }
        builder.table(
            Table(
                columns: [Table.Column("Item", weight: 0.9), Table.Column("Value", weight: 3.1)],
                rows: [
                    ["Case id", record.caseRecord.caseId ?? "— (none given)"],
                    [
                        "Document",
                        "\(record.document.name) (\(record.document.source), \(record.document.words) words)",
                    ],
                    ["Document SHA-256", record.document.sha256],
                    [
                        "Model",
                        "\(record.model.name) (\(record.model.architecture), labels \(record.model.labels.joined(separator: " / ")))",
                    ],
                    ["Weights SHA-256", weights?.sha256 ?? "—"],
                    ["Template", "\(record.template.name), SHA-256 \(record.template.sha256.prefix(16))…"],
                    ["Tool", "\(record.tool.name) \(record.tool.version), \(record.tool.numericRoute)"],
                    ["Record", "embedded in this PDF as dossier-record.json (and written beside it as JSON)"],
                ], caption: nil, fontSize: 8))
    }

    /// One line on the trust check for the cover.
    func coverTrustLine() throws -> String {
        let quick = record.trust.quick
        return try texts.render(
            "cover-trust",
            [
                "checked": quick != nil, "decision": record.decision.label,
                "without": quick.map { Formatting.percent($0.withoutReasons.probability) } ?? "",
                "full": quick.map { Formatting.percent($0.fullProbability) } ?? "",
                "changes": quick?.withoutReasons.decisionChanges ?? false,
                "newLabel": quick?.withoutReasons.label ?? "",
                "randomEffect": quick.map { Formatting.effect($0.meanRandomDrop) } ?? "",
            ])
    }
}
