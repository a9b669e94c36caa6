import Attribution
import Typesetting

extension DossierComposer {
    /// The fairness probe's findings: each attribute's mentions, its counterfactual and what it changed.
    func composeFairness(_ builder: DocumentBuilder) throws {
        builder.heading("Fairness probe", level: 1)
        builder.paragraph(
            try texts.render(
                "fairness-intro",
                [
                    "decision": record.decision.label,
                    "probabilityThreshold": Formatting.points(template.thresholds.fairnessProbabilityChange),
                    "shareThreshold": Formatting.share(template.thresholds.fairnessAttributionShare),
                ]))
        guard let report = record.fairness?.report else { return }
        if report.findings.isEmpty {
            builder.paragraph(try texts.render("fairness-none", ["lexicon": "lexicon \(report.lexiconVersion)"]))
        } else {
            let label = report.decision.label
            builder.table(
                Table(
                    columns: [
                        Table.Column("Attribute", weight: 1.1), Table.Column("Mentions", weight: 1.6),
                        Table.Column("Edit", weight: 0.9),
                        Table.Column("p(\(label)) before → after", alignment: .trailing, weight: 1.3),
                        Table.Column("Change (points)", alignment: .trailing, weight: 0.8),
                        Table.Column("Share", alignment: .trailing, weight: 0.6), Table.Column("Flag", weight: 0.9),
                    ],
                    rows: report.findings.map { f in
                        let mentions =
                            f.mentions.prefix(3).map { "“\($0.text)”" }.joined(separator: ", ")
                            + (f.mentions.count > 3 ? " and \(f.mentions.count - 3) more" : "")
                        let edits = f.mentions.prefix(2).map {
                            $0.edit == .remove ? "removed" : "\($0.edit.rawValue) → “\($0.replacement)”"
                        }
                        .joined(separator: "; ")
                        return [
                            f.attribute.displayName, mentions, edits,
                            "\(Formatting.percent(f.probabilityBefore)) → \(Formatting.percent(f.probabilityAfter))",
                            Formatting.points(f.probabilityChange),
                            Formatting.share(f.attributionShare),
                            f.flagged ? "FLAGGED" + (f.decisionChanged ? ": becomes \(f.labelAfter)" : "") : "no",
                        ]
                    },
                    caption: "Each attribute's mentions edited together and the document classified again"))
            for finding in report.findings where finding.flagged {
                builder.paragraph(
                    [sans("Flagged: \(finding.attribute.displayName). ", color: flag, bold: true)]
                        + [sans(finding.reasons.joined(separator: " "), color: flag)], alignment: .leading)
            }
        }
        builder.heading("Not checked by the probe", level: 2)
        for item in report.notChecked { builder.paragraph([body("• " + item)], alignment: .leading) }
    }

    /// Each limitation, tied to what this dossier did about it.
    func composeLimitations(_ builder: DocumentBuilder) throws {
        builder.heading("Limitations", level: 1)
        let quick = record.trust.quick
        let items: [(String, String, [String: Any])] = [
            ("Attention is not causal importance", "limitation-attention", ["trustSentence": record.trust.statement]),
            (
                "Too many heads to read", "limitation-heads",
                ["total": e.model.layers * e.model.heads, "windows": record.windows.count, "focus": "three heads"]
            ),
            ("Residual connections and layer normalisation", "limitation-residual", ["residual": "0.5"]),
            (
                "Model architecture", "limitation-architecture",
                [
                    "architecture": record.model.architecture.uppercased(),
                    "startToken": e.windows.first?.tokens.first?.text ?? "[CLS]",
                    "decoder": isDecoder, "pooledToken": e.windows.first?.tokens.last?.text ?? "",
                ]
            ),
            ("Feed-forward computation is not shown", "limitation-feed-forward", [:]),
            (
                "Removing words is out of distribution", "limitation-removal",
                [
                    "draws": quick?.randomSeeds.count ?? 0,
                    "randomEffect": quick.map { Formatting.effect($0.meanRandomDrop) } ?? "were not run",
                ]
            ),
            (
                "Windows and their aggregation", "limitation-windows",
                [
                    "multiple": record.windows.count > 1, "count": record.windows.count,
                    "aggregation": record.settings.aggregation,
                    "disagree": record.windows.contains { !$0.agreesWithDocument }, "tokens": record.document.tokens,
                    "size": record.settings.windowSize,
                ]
            ),
        ]
        for (title, name, context) in items {
            builder.paragraph([bold(title + ". "), body(try texts.render(name, context))])
        }
    }

    /// The decision record for a case file: fields, retention, the human-review block to sign, the EU AI Act
    /// Art. 86 paragraphs and how to contest.
    func composeRecord(_ builder: DocumentBuilder) throws {
        builder.heading("Decision record", level: 1)
        let r = record.caseRecord
        builder.table(
            Table(
                columns: [Table.Column("Field", weight: 1), Table.Column("Value", weight: 3)],
                rows: [
                    ["Case id", r.caseId ?? "________________________"],
                    ["Institution", r.institution],
                    ["Action", r.action],
                    ["Decision date", "\(r.decisionDate)"],
                    ["Credit type", r.creditType],
                    ["Keep until", "\(r.retainUntil) (\(r.retentionMonths) months)"],
                ], caption: nil, fontSize: 8.5))
        builder.paragraph(
            try texts.render(
                "record-retention",
                ["creditType": r.creditType, "months": r.retentionMonths, "until": "\(r.retainUntil)"]))
        builder.heading("Human review", level: 2)
        let blank = "______________________________"
        builder.table(
            Table(
                columns: [Table.Column("Review", weight: 1), Table.Column("Entry", weight: 3)],
                rows: [
                    ["Reviewer", r.reviewer ?? blank],
                    ["Outcome", r.reviewOutcome ?? "☐ confirmed    ☐ overridden    ☐ referred further"],
                    ["Override reason", r.overrideReason ?? blank + "\n" + blank],
                    ["Review date", r.reviewDate ?? blank],
                    ["Signature", blank],
                ], caption: nil, fontSize: 9))
        try composeArticle86(builder)
    }

    /// The EU AI Act Art. 86 paragraphs and the contest line (both variants).
    func composeArticle86(_ builder: DocumentBuilder) throws {
        builder.heading("Explanation under the EU AI Act, Article 86", level: 2)
        let r = record.caseRecord
        let separators = Formatting.separators(record.reasons.count)
        builder.paragraph(
            try texts.render(
                "art86-role",
                [
                    "architecture": record.model.architecture.uppercased(), "layers": record.model.layers,
                    "decision": record.decision.label, "probability": Formatting.percent(decisionProbability),
                    "reviewed": r.reviewer != nil, "reviewer": r.reviewer ?? "",
                    "outcome": r.reviewOutcome ?? "outcome not recorded",
                ]))
        builder.paragraph(
            try texts.render(
                "art86-elements",
                [
                    "reasons": record.reasons.enumerated().map { i, reason in
                        ["quote": Formatting.quote(reason.text, words: 16), "separator": separators[i]] as [String: Any]
                    },
                    "verdict": record.trust.verdict, "applicant": isApplicant, "documentKind": documentKind,
                ]))
        builder.heading("How to contest this decision", level: 2)
        builder.paragraph(try texts.render("contest", ["contact": r.contact, "caseId": r.caseId ?? false]))
    }

    /// Method, settings and provenance: what an auditor needs to re-perform every number.
    func composeAppendix(_ builder: DocumentBuilder) throws {
        builder.heading("Appendix: method, settings and provenance", level: 1)
        let s = record.settings
        builder.paragraph(
            try texts.render(
                "method",
                [
                    "size": s.windowSize, "explained": record.decision.explainedLabel, "residual": "0.5",
                    "wordGrouping": s.wordGrouping, "maximumWords": s.reasons.maximumWords, "limit": s.reasons.limit,
                    "minimumRelative": Formatting.share(s.reasons.minimumRelativeScore),
                    "pooledRow": isDecoder ? "last (pooled) token's" : "first token's",
                ]))
        var rows: [[String]] = [
            ["Reasons ranked by", s.reasons.method.rawValue],
            [
                "Reason passages",
                "≤ \(s.reasons.maximumWords) words; at most \(s.reasons.limit); ≥ \(Formatting.share(s.reasons.minimumRelativeScore)) of the strongest",
            ],
            ["Windows", "\(s.windowSize) content tokens, stride \(s.windowStride); \(s.aggregation)"],
            ["Word grouping", s.wordGrouping],
            ["Rollout", s.rollout],
            ["Gradient-weighted attention", s.gradientWeighted],
            ["Head importance", s.headImportance],
            ["Special tokens", s.specialTokens],
            ["Removal", s.removal],
            ["Trust level", "\(s.trustLevel); \(s.trustRandomDraws) random draws"],
            [
                "ERASER fractions",
                s.faithfulnessFractions.map { $0.map { "\(Int(($0 * 100).rounded())) %" }.joined(separator: ", ") }
                    ?? "not run",
            ],
            [
                "Verdict thresholds",
                "strong: drop ≥ \(Formatting.points(s.thresholds.strongMinimumDrop)) and ≥ \(Formatting.points(s.thresholds.strongMinimumMarginOverRandom)) over random; moderate: ≥ \(Formatting.points(s.thresholds.moderateMinimumMarginOverRandom)) over random (points)",
            ],
            [
                "Fairness thresholds",
                "|Δp| ≥ \(Formatting.points(s.thresholds.fairnessProbabilityChange)) points or share ≥ \(Formatting.share(s.thresholds.fairnessAttributionShare))",
            ],
            ["Document limit", "\(s.maximumCharacters) characters"],
        ]
        builder.table(
            Table(
                columns: [Table.Column("Setting", weight: 1), Table.Column("Value", weight: 3)], rows: rows,
                caption: "Every setting that changes a number in this dossier", fontSize: 8))
        rows = [
            [
                "Document",
                "\(record.document.name) · \(record.document.bytes) bytes · SHA-256 \(record.document.sha256)",
            ]
        ]
        rows += record.model.files.map { ["Model file", "\($0.name) · \($0.bytes) bytes · SHA-256 \($0.sha256)"] }
        rows += [
            ["Template", "\(record.template.name) · SHA-256 \(record.template.sha256)"],
            ["Reason codes", "\(record.template.taxonomy) (version \(record.template.taxonomyVersion))"],
            ["Tool", "\(record.tool.name) \(record.tool.version)"],
            ["Numeric route", "\(record.tool.numericRoute); \(record.tool.blas)"],
            ["Command", record.tool.command.isEmpty ? "—" : record.tool.command],
        ]
        builder.table(
            Table(
                columns: [Table.Column("Item", weight: 0.8), Table.Column("Value", weight: 3.2, monospaced: true)],
                rows: rows, caption: "Provenance: re-run `dossier verify` on this PDF to check it", fontSize: 7.5))
    }

    /// Whether the model is a decoder (GPT-2): its decision is read from each window's last token, and its
    /// attention is causal.
    var isDecoder: Bool { record.model.architecture == "gpt2" }
}
