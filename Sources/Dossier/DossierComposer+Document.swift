import Attribution
import Typesetting

extension DossierComposer {
    /// The principal reasons, each a quoted passage with its strongest words marked, its share and its code.
    func composeReasons(_ builder: DocumentBuilder) throws {
        builder.heading("Principal reasons", level: 1)
        builder.paragraph(
            try texts.render(
                "reasons-intro",
                [
                    "explained": record.decision.explainedLabel, "limit": template.thresholds.maximumReasons,
                    "taxonomy": "\(record.template.taxonomy), version \(record.template.taxonomyVersion)",
                ]))
        if record.reasons.isEmpty {
            builder.paragraph([bold("No principal reason: "), body("no passage carries positive attribution.")])
        }
        for reason in record.reasons {
            builder.paragraph(
                [sans("\(reason.rank). ", size: bodySize + 1, color: accent, bold: true)]
                    + reasonSpans(reason, size: bodySize + 0.5), alignment: .leading)
            var facts = ["share of the evidence \(Formatting.share(reason.share))"]
            if let code = reason.code, let codeText = reason.codeText { facts.append("code \(code): \(codeText)") }
            facts.append("characters \(reason.start)–\(reason.end)")
            caption(builder, facts.joined(separator: " · "))
        }
    }

    /// The whole document shaded by gradient-weighted attention and by rollout, the unread passages and, for
    /// long documents, every window's decision.
    func composeDocument(_ builder: DocumentBuilder) throws {
        builder.heading("The document, as the model read it", level: 1)
        let unread = record.document.unread
        for (method, name) in [
            (AttributionMethod.gradientWeighted, "gradient-weighted attention"), (.rollout, "attention rollout"),
        ] {
            builder.heading("Shaded by \(name)", level: 2)
            builder.paragraph(
                try texts.render(
                    "document-intro",
                    ["method": name, "explained": record.decision.explainedLabel, "hasUnread": !unread.isEmpty]))
            let top = Double(e.words.map { $0.scores[method] ?? 0 }.max() ?? 0)
            builder.colorLegend(
                ColorLegend(
                    scale: style.highlightScale, domain: 0...1, title: "Word score (\(name), square-root scale)",
                    endLabels: ("0", Formatting.significant(Float(top)) + " (strongest word)")),
                alternativeText: "Colour legend: white for a score of 0 to dark blue for the strongest word")
            // Shade by √(score / strongest): attributions are heavy-tailed, and a linear scale leaves all but a
            // few words white.
            for paragraph in shadedParagraphs(method: method, unread: unread) {
                let shaded = paragraph.map { token in
                    var token = token
                    token.score = token.score.map { top > 0 ? (max(0, $0) / top).squareRoot() : 0 }
                    return token
                }
                builder.highlightedParagraph(
                    shaded, scale: style.highlightScale, domain: 0...1,
                    style: TextStyle(font: .body, size: bodySize - 0.5))
            }
        }
        if !unread.isEmpty {
            builder.table(
                Table(
                    columns: [
                        Table.Column("Passage", monospaced: true), Table.Column("Characters"), Table.Column("Why"),
                    ],
                    rows: unread.map { [$0.text, "\($0.start)–\($0.end)", $0.reason] },
                    caption: "Passages the model did not read as written (shown in brackets above)"))
        }
        if record.windows.count > 1 { try composeWindows(builder) }
    }

    /// The document's words grouped into its paragraphs (split at line breaks), each word with its score and
    /// unread passages bracketed.
    func shadedParagraphs(method: AttributionMethod, unread: [DossierRecord.UnreadSpan]) -> [[HighlightedToken]] {
        let scalars = Array(text.unicodeScalars)
        var paragraphs: [[HighlightedToken]] = [[]]
        var pending: [(start: Int, end: Int, score: Double?, bracket: Bool)] = e.words.map {
            ($0.start, $0.end, Double($0.scores[method] ?? 0), false)
        }
        pending += unread.filter { $0.reason == "dropped by the tokenizer" }.map { ($0.start, $0.end, nil, true) }
        pending.sort { $0.start < $1.start }
        let unknown = unread.filter { $0.reason != "dropped by the tokenizer" }
        for (index, item) in pending.enumerated() {
            var piece = gapText(scalars, item.start, item.end)
            if item.bracket || unknown.contains(where: { $0.start >= item.start && $0.end <= item.end }) {
                piece = "[" + piece + "]"
            }
            let nextStart = index + 1 < pending.count ? pending[index + 1].start : scalars.count
            let between = gapText(scalars, item.end, max(item.end, nextStart))
            let breaks = between.filter { $0 == "\n" }.count
            paragraphs[paragraphs.count - 1].append(
                HighlightedToken(piece, score: item.score, trailing: breaks > 0 ? "" : (between.isEmpty ? "" : " ")))
            if breaks > 0 && index + 1 < pending.count { paragraphs.append([]) }
        }
        return paragraphs.filter { !$0.isEmpty }
    }

    func gapText(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[min(start, scalars.count)..<min(end, scalars.count)])
        return String(view)
    }

    /// Every window's own decision, with the windows that disagree flagged.
    func composeWindows(_ builder: DocumentBuilder) throws {
        builder.heading("Windows", level: 2)
        let disagree = record.windows.contains { !$0.agreesWithDocument }
        builder.paragraph(
            try texts.render(
                "windows-note",
                [
                    "tokens": record.document.tokens, "count": record.windows.count,
                    "size": record.settings.windowSize, "stride": record.settings.windowStride,
                    "aggregation": record.settings.aggregation, "disagree": disagree,
                ]))
        builder.table(
            Table(
                columns: [
                    Table.Column("Window", alignment: .trailing, weight: 0.6), Table.Column("Characters", weight: 1),
                    Table.Column("Window's decision", weight: 1.2),
                    Table.Column("p(\(record.decision.label))", alignment: .trailing, weight: 0.9),
                    Table.Column("Agrees with the document", weight: 1.4),
                ],
                rows: record.windows.map { w in
                    [
                        "\(w.index + 1)", "\(w.start)–\(w.end)", w.label, Formatting.percent(w.probability),
                        w.agreesWithDocument ? "yes" : "NO — differs from \(record.decision.label)",
                    ]
                },
                caption: "Each window's decision; the document's is the \(record.settings.aggregation)"))
    }
}
