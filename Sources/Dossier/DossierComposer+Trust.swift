import Attribution
import Typesetting

extension DossierComposer {
    /// How far to trust the explanation: the verdict in words with its thresholds, the edited documents'
    /// outcomes, and at the full level the ERASER curves and rank agreement.
    func composeTrust(_ builder: DocumentBuilder) throws {
        builder.heading("How far to trust it", level: 1)
        builder.paragraph([bold("Verdict: \(record.trust.verdict). "), body(record.trust.statement)])
        if let quick = record.trust.quick {
            let label = record.decision.label
            func row(_ name: String, _ outcome: TrustCheck.Outcome) -> [String] {
                [
                    name, Formatting.percent(outcome.probability),
                    Formatting.points(quick.fullProbability - outcome.probability), outcome.label,
                    outcome.decisionChanges ? "YES" : "no",
                ]
            }
            var rows = [
                [
                    "Whole document (\(quick.documentWords) words)", Formatting.percent(quick.fullProbability), "—",
                    label, "—",
                ],
                row("Without the principal reasons (\(quick.reasonWords) words)", quick.withoutReasons),
                row("Only the principal reasons", quick.onlyReasons),
            ]
            for (i, outcome) in quick.randomRemovals.enumerated() {
                rows.append(row("Without \(quick.reasonWords) random words (seed \(quick.randomSeeds[i]))", outcome))
            }
            builder.table(
                Table(
                    columns: [
                        Table.Column("Document classified", weight: 2.6),
                        Table.Column("p(\(label))", alignment: .trailing, weight: 0.8),
                        Table.Column("Drop (points)", alignment: .trailing, weight: 0.8),
                        Table.Column("Decision", weight: 0.8),
                        Table.Column("Changes?", weight: 0.7),
                    ], rows: rows, caption: "The quick check: the same model on edited documents"))
            let loss = quick.fullProbability - quick.onlyReasons.probability
            let limit = template.thresholds.sufficiencyMaximumLoss
            let suffices = !quick.onlyReasons.decisionChanges && loss <= limit
            caption(
                builder,
                suffices
                    ? "Keeping only the principal reasons keeps the decision \(label) and loses at most "
                        + "\(Formatting.points(limit)) points of it: they suffice on their own."
                    : "Keeping only the principal reasons gives \(quick.onlyReasons.label) at "
                        + "\(Formatting.percent(quick.onlyReasons.probability)) for \(label): they do not suffice on "
                        + "their own (the limit is a loss of \(Formatting.points(limit)) points with the same decision)."
            )
            builder.paragraph(
                try texts.render(
                    "trust-method",
                    [
                        "draws": quick.randomSeeds.count,
                        "seeds": quick.randomSeeds.map(String.init).joined(separator: ", "),
                    ]))
        }
        if let faithfulness = record.trust.faithfulness { try composeFaithfulness(builder, faithfulness) }
        builder.heading("Not checked", level: 2)
        for item in record.trust.notChecked { builder.paragraph([body("• " + item)], alignment: .leading) }
    }

    /// ERASER comprehensiveness per method against random, AOPC and Spearman agreement (full level).
    func composeFaithfulness(_ builder: DocumentBuilder, _ f: Faithfulness) throws {
        builder.heading("ERASER curves (full check)", level: 2)
        let names = [
            "gradientWeighted": "gradient-weighted", "rollout": "rollout", "rawAttention": "raw attention",
            "gradientTimesInput": "gradient × input", "random": "random (mean of 3)",
        ]
        let order = Explanation.methods.map(\.rawValue) + ["random"]
        let x = f.fractions.map { $0 * 100 }
        let series = order.enumerated().compactMap { i, method -> LineSeries? in
            guard let curve = f.methods[method] else { return nil }
            return LineSeries(
                name: names[method] ?? method, x: x, y: curve.comprehensiveness.map { Double($0) * 100 },
                color: method == "random" ? .gray : LineChart.palette[i % LineChart.palette.count])
        }
        builder.lineChart(
            try LineChart(
                title: "Comprehensiveness: drop of p(\(record.decision.explainedLabel)) when the top words are removed",
                series: series, xLabel: "words removed (% of the document)", yLabel: "drop (points)", height: 170),
            alternativeText: "Line chart of comprehensiveness against the fraction of words removed for each method "
                + "and for random removal")
        caption(builder, "Higher is better: a faithful method's top words matter more than random ones (grey).")
        builder.table(
            Table(
                columns: [
                    Table.Column("Method", weight: 1.4),
                    Table.Column("AOPC comprehensiveness", alignment: .trailing),
                    Table.Column("AOPC sufficiency", alignment: .trailing),
                ],
                rows: order.compactMap { method in
                    f.methods[method].map {
                        [
                            names[method] ?? method, Formatting.significant($0.aopcComprehensiveness),
                            Formatting.significant($0.aopcSufficiency),
                        ]
                    }
                },
                caption:
                    "Area over the perturbation curve at \(x.map { Formatting.significant(Float($0)) + " %" }.joined(separator: ", ")) of words (comprehensiveness: higher is better; sufficiency: lower is better)"
            ))
        if let agreement = record.trust.agreement {
            builder.table(
                Table(
                    columns: [Table.Column("Spearman ρ", weight: 1.4)]
                        + agreement.methods.map {
                            Table.Column(names[$0.rawValue] ?? $0.rawValue, alignment: .trailing)
                        },
                    rows: agreement.methods.enumerated().map { i, method in
                        [names[method.rawValue] ?? method.rawValue]
                            + agreement.spearman[i].map { $0.map { Formatting.significant(Float($0)) } ?? "—" }
                    },
                    caption: "Rank agreement of word scores between methods (1: same order; 0: unrelated)"))
        }
    }
}
