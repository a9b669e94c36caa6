import Foundation

@testable import Typesetting

/// Sample content shared by the tests and the benchmark-like checks: the texts whose round trip is checked.
enum SamplePages {
    static let ligatures = "The office staff filed affidavits; the official flow of traffic was baffling."
    static let accents = "Café naïve façade Ångström São Paulo Zürich déjà vu coöperate."
    static let vietnamese = "Tiếng Việt có dấu: Hà Nội, Thành phố Hồ Chí Minh, người dùng yêu cầu hoàn tiền."
    static let greek = "Η γρήγορη καφέ αλεπού πηδά πάνω από τον τεμπέλη σκύλο."
    static let cyrillic = "Съешь же ещё этих мягких французских булок, да выпей чаю."
    static let cjk = "我们的客户要求退款。注意力机制解释了模型的决定。日本語のテキストも表示されます。"
    static let hebrew = "שלום עולם"
    static let arabic = "مرحبا بالعالم"
    static let url =
        "https://example.com/accounts/0123456789012345678901234567890123456789/transactions?id=98765432109876543210"

    /// A long paragraph of plain Latin text.
    static func filler(_ index: Int) -> String {
        "Paragraph \(index). Attention weights describe how much each token looks at every other token when the "
            + "classifier forms its decision; gradients tell how the prediction would move if a token's embedding "
            + "changed. Together they give an explanation that an auditor can check against the document itself, "
            + "word by word, with the scores shown as highlights and the raw matrices shown as heatmaps. The "
            + "office's efficient workflow affirms that fine-grained, flawless figures matter."
    }

    /// A small multi-section document exercising every block type.
    static func document(fonts: FontLibrary, pageSize: PageSize = .a4, language: String = "en") throws
        -> DocumentBuilder
    {
        let configuration = DocumentConfiguration(
            pageSize: pageSize,
            metadata: DocumentMetadata(
                title: "Sample dossier", subject: "Typesetting test", author: "Typesetting tests",
                keywords: ["attention", "attribution"], creator: "TypesettingTests"),
            runningHeader: "Sample dossier — refund classifier", language: language)
        let document = DocumentBuilder(configuration: configuration, fonts: fonts)
        document.tableOfContents()
        document.heading("Text in many scripts")
        document.paragraph(ligatures)
        document.paragraph(accents)
        document.paragraph(vietnamese)
        document.paragraph(greek + " " + cyrillic)
        document.paragraph(cjk)
        document.paragraph("Right to left: " + hebrew + " and " + arabic + ".")
        document.paragraph("Overflowing token: " + url + " ends here.", alignment: .leading)
        document.heading("Attributions", level: 1)
        let words = "The customer asked for a refund because the parcel arrived damaged and late".split(separator: " ")
        let tokens = words.enumerated().map { i, word in
            HighlightedToken(String(word), score: Double((i * 37) % 11) / 10)
        }
        document.highlightedParagraph(tokens + tokens + tokens, scale: .sequential, domain: 0...1)
        document.colorLegend(ColorLegend(scale: .sequential, domain: 0...1, title: "Attribution"))
        let signed = words.enumerated().map { i, word in
            HighlightedToken(String(word), score: Double((i * 53) % 13 - 6) / 6)
        }
        document.highlightedParagraph(signed + signed, scale: .diverging, domain: -1...1)
        document.colorLegend(
            ColorLegend(scale: .diverging, domain: -1...1, title: "Signed score", endLabels: ("against", "for")))
        document.heading("Per-layer statistics", level: 2)
        document.table(
            Table(
                columns: [
                    Table.Column("Layer"), Table.Column("Token", monospaced: true),
                    Table.Column("Attention", alignment: .trailing), Table.Column("Gradient", alignment: .trailing),
                ],
                rows: (0..<30).map {
                    [
                        "L\($0 % 6)", "tok_\($0)", String(format: "%.3f", Double($0) / 30),
                        String(format: "%+.4f", sin(Double($0))),
                    ]
                },
                caption: "Table 1. Top tokens per layer"))
        document.barChart(
            try BarChart(
                title: "Mean attention entropy per layer", categories: (0..<6).map { "L\($0)" },
                values: [2.1, 1.8, 1.5, 1.1, 0.9, -0.3], valueLabel: "nats"))
        document.lineChart(
            try LineChart(
                title: "Faithfulness by layer",
                series: [
                    LineSeries(
                        name: "rollout", x: (0..<6).map(Double.init), y: [0.1, 0.3, 0.45, 0.5, 0.62, 0.7],
                        color: LineChart.palette[0]),
                    LineSeries(
                        name: "gradient × attention", x: (0..<6).map(Double.init), y: [0.2, 0.25, 0.5, 0.66, 0.7, 0.8],
                        color: LineChart.palette[1]),
                ], xLabel: "layer", yLabel: "comprehensiveness"))
        document.heading("Attention", level: 1)
        let n = 24
        var values: [Float] = []
        for r in 0..<n {
            for c in 0..<n { values.append(Float(exp(-Double(abs(r - c)) / 3))) }
        }
        let labels = (0..<n).map { "tok\($0)" }
        document.heatmap(
            try Heatmap(
                values: values, rows: n, columns: n, rowLabels: labels, columnLabels: labels, title: "Layer 5, head 3",
                normalization: .row, transform: .gamma(0.5)))
        let maps = try (0..<12).map { index in
            try Heatmap(
                values: values, rows: n, columns: n, title: "L\(index / 4) H\(index % 4)", normalization: .matrix)
        }
        document.heatmapGrid(HeatmapGrid(maps: maps, columns: 4, title: "All heads"))
        document.heading("Long text", level: 1)
        for i in 0..<14 { document.paragraph(filler(i)) }
        return document
    }
}
