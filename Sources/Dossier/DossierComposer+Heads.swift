import Attribution
import Typesetting

extension DossierComposer {
    /// The window whose maps are drawn: the one holding the strongest reason (the first window otherwise).
    var focusWindow: WindowHeadMaps? {
        guard let reason = record.reasons.first else { return headMaps.first }
        let index = record.windows.first { $0.start <= reason.start && reason.end <= $0.end }?.index ?? 0
        return headMaps.first { $0.window == index } ?? headMaps.first
    }

    /// Heads ranked by importance with their roles, the layers × heads grid, the three most important heads
    /// enlarged with words on the axes, and per-layer entropy and distance.
    func composeHeads(_ builder: DocumentBuilder) throws {
        guard let maps = focusWindow else { return }
        builder.heading("Attention heads", level: 1)
        builder.paragraph(
            try texts.render(
                "heads-intro",
                [
                    "layers": maps.layers, "heads": maps.heads, "total": maps.layers * maps.heads,
                    "window": maps.window + 1,
                ]))
        let ranked = e.heads.sorted { a, b in
            a.importance != b.importance ? a.importance > b.importance : (a.layer, a.head) < (b.layer, b.head)
        }
        let total = max(e.heads.map(\.importance).reduce(0, +), 1e-12)
        let rank = Dictionary(uniqueKeysWithValues: ranked.enumerated().map { ("\($1.layer)-\($1.head)", $0 + 1) })
        builder.table(
            Table(
                columns: [
                    Table.Column("Rank", alignment: .trailing, weight: 0.5),
                    Table.Column("Head", weight: 0.7),
                    Table.Column("Share of importance", alignment: .trailing, weight: 1),
                    Table.Column("Role", weight: 1.6),
                    Table.Column("Entropy (nats)", alignment: .trailing, weight: 0.9),
                    Table.Column("Distance (tokens)", alignment: .trailing, weight: 0.9),
                ],
                rows: ranked.prefix(10).enumerated().map { i, h in
                    [
                        "\(i + 1)", "L\(h.layer + 1) H\(h.head + 1)", Formatting.share(h.importance / total), h.role,
                        Formatting.significant(h.entropy), Formatting.significant(h.meanDistance),
                    ]
                },
                caption: "The ten most important heads of \(e.heads.count) (importance averaged over windows)"))

        let grid = HeatmapGrid(
            maps: try maps.thumbnails.enumerated().map { index, values in
                let layer = index / maps.heads
                let head = index % maps.heads
                return try Heatmap(
                    values: values, rows: maps.side, columns: maps.side,
                    title: "L\(layer + 1) H\(head + 1) #\(rank["\(layer)-\(head)"] ?? 0)", normalization: .matrix,
                    transform: .gamma(0.5), scale: .viridis)
            }, columns: maps.heads,
            title: "Every head's attention map in window \(maps.window + 1) (rows: layers; #: importance rank)",
            legend: ColorLegend(
                scale: .viridis, domain: 0...1, title: "Attention, per map",
                endLabels: ("least", "most (square-root scale)")))
        builder.heatmapGrid(
            grid,
            alternativeText: "Grid of \(maps.thumbnails.count) small attention maps, one per layer and head, "
                + "each captioned with its layer, head and importance rank")
        caption(
            builder,
            "Each map pools the window's \(maps.tokens) × \(maps.tokens) attention into \(maps.side) × \(maps.side) "
                + "cells (query tokens down, key tokens across). A bright diagonal is a positional head; a bright first "
                + "column is attention to the start token, which often means “no operation”.")

        for (i, stats) in ranked.prefix(3).enumerated() {
            guard let focus = maps.focus.first(where: { $0.layer == stats.layer && $0.head == stats.head }) else {
                continue
            }
            builder.heading(
                "Head L\(focus.layer + 1) H\(focus.head + 1): importance rank \(i + 1), \(stats.role)", level: 3)
            let labels = focus.labels.map { Formatting.quote($0, words: 1) }
            let map = try Heatmap(
                values: focus.values, rows: labels.count, columns: labels.count, rowLabels: labels,
                columnLabels: labels, title: "Attention among window \(maps.window + 1)'s most attributed tokens",
                normalization: .matrix, transform: .gamma(0.5), scale: .viridis, side: 190)
            builder.heatmap(
                map,
                alternativeText: "Attention map of layer \(focus.layer + 1), head \(focus.head + 1) among the tokens "
                    + labels.joined(separator: ", "))
            caption(
                builder,
                "Rows are the attending tokens, columns the attended ones; shading runs from the smallest to the "
                    + "largest weight shown, on a square-root scale. Only the start token and the \(labels.count - 1) tokens with the "
                    + "largest gradient-weighted scores are shown.")
        }

        try layerChart(
            builder, "Mean head entropy per layer", yLabel: "entropy (nats)", values: e.layers.map(\.entropy))
        try layerChart(
            builder, "Mean attention distance per layer", yLabel: "distance (tokens)",
            values: e.layers.map(\.meanDistance))
        caption(
            builder,
            "High entropy means attention spread over many tokens; distance is how far, in tokens, a head looks on "
                + "average. Layers that look further combine information across the document.")
    }

    /// A line chart of one per-layer measure, with the values in its alternative text.
    func layerChart(_ builder: DocumentBuilder, _ title: String, yLabel: String, values: [Float]) throws {
        let layers = values.indices.map { Double($0 + 1) }
        let chart = try LineChart(
            title: title, series: [LineSeries(name: yLabel, x: layers, y: values.map(Double.init), color: accent)],
            xLabel: "layer", yLabel: yLabel, height: 140)
        builder.lineChart(
            chart,
            alternativeText: "Line chart, \(title.lowercased()): "
                + values.enumerated().map { "layer \($0 + 1) \(Formatting.significant($1))" }.joined(separator: ", "))
    }
}
