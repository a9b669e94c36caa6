/// A horizontal colour bar with tick labels that explains a highlight or heatmap scale.
public struct ColorLegend: Sendable {
    /// The scale shown.
    public var scale: ColorScale
    /// The value range of the bar, e.g. `0...1` or `-0.5...0.5`.
    public var domain: ClosedRange<Double>
    /// A title to the left of the bar, e.g. "Attribution".
    public var title: String
    /// Labels at the ends, e.g. ("against", "for"); `nil` to label with numbers only.
    public var endLabels: (low: String, high: String)?

    /// A legend.
    public init(
        scale: ColorScale, domain: ClosedRange<Double>, title: String, endLabels: (low: String, high: String)? = nil
    ) {
        self.scale = scale
        self.domain = domain
        self.title = title
        self.endLabels = endLabels
    }
}

extension ColorLegend: Figure {
    var defaultAlternativeText: String {
        let range =
            "\(ChartAxis.format(domain.lowerBound, step: 0.01)) to \(ChartAxis.format(domain.upperBound, step: 0.01))"
        return "Colour legend" + (title.isEmpty ? "" : ": \(title)") + ", \(scale.name) scale from \(range)"
            + (endLabels.map { " (\($0.low) to \($0.high))" } ?? "")
    }

    func height(forWidth width: Double) -> Double { 34 }

    func draw(in context: RenderContext, x: Double, y: Double, width: Double, height: Double) throws {
        let style = TextStyle(font: .sans, size: 7.5, color: .darkGray)
        let titleWidth = context.label(title, style: TextStyle(font: .heading, size: 8), x: x, y: y + 14)
        let lowWidth = endLabels.map { context.width(of: $0.low, style: style) + 4 } ?? 0
        let barX = x + titleWidth + 12 + lowWidth
        let barWidth = min(260, width - titleWidth - 12 - 2 * lowWidth)
        let steps = 128
        var pixels: [UInt32] = []
        for step in 0..<steps {
            let value =
                domain.lowerBound + (domain.upperBound - domain.lowerBound) * (Double(step) + 0.5) / Double(steps)
            pixels.append(scale.color(for: value, in: domain).pixel)
        }
        try context.canvas.drawPixels(pixels, columns: steps, rows: 1, x: barX, y: y + 5, width: barWidth, height: 11)
        context.canvas.strokeRect(x: barX, y: y + 5, width: barWidth, height: 11, color: .gray, lineWidth: 0.4)
        let ticks =
            scale.kind == .diverging
            ? [domain.lowerBound, 0, domain.upperBound]
            : [domain.lowerBound, (domain.lowerBound + domain.upperBound) / 2, domain.upperBound]
        let span = domain.upperBound - domain.lowerBound
        for value in ticks {
            let tx = barX + (span > 0 ? (value - domain.lowerBound) / span : 0.5) * barWidth
            context.canvas.line(from: (tx, y + 16), to: (tx, y + 19), color: .gray, width: 0.4)
            context.label(ChartAxis.format(value, step: span / 4), style: style, x: tx, y: y + 27, anchor: .center)
        }
        if let endLabels {
            context.label(endLabels.low, style: style, x: barX - 4, y: y + 14, anchor: .trailing)
            context.label(endLabels.high, style: style, x: barX + barWidth + 4, y: y + 14)
        }
    }
}
