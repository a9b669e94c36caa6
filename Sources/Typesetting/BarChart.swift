/// A vertical bar chart, e.g. a statistic per layer or per head.
public struct BarChart: Sendable {
    /// The chart title.
    public var title: String
    /// One label per bar, e.g. "L0" … "L5".
    public var categories: [String]
    /// One value per bar; negative values hang below zero.
    public var values: [Double]
    /// The y-axis label, e.g. "mean attention entropy (nats)".
    public var valueLabel: String
    /// The bar colour.
    public var color: Color
    /// The height of the chart in points, e.g. 180.
    public var height: Double

    /// A bar chart.
    ///
    /// - Throws: ``TypesettingError/shapeMismatch(what:expected:actual:)`` when counts differ,
    ///   ``TypesettingError/invalidValue(what:reason:)`` for a non-finite value.
    public init(
        title: String, categories: [String], values: [Double], valueLabel: String = "", color: Color = .accent,
        height: Double = 180
    ) throws {
        guard categories.count == values.count else {
            throw TypesettingError.shapeMismatch(
                what: "bar chart '\(title)' values", expected: categories.count, actual: values.count)
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw TypesettingError.invalidValue(
                what: "bar chart '\(title)'", reason: "value for '\(categories[bad])' is \(values[bad])")
        }
        self.title = title
        self.categories = categories
        self.values = values
        self.valueLabel = valueLabel
        self.color = color
        self.height = height
    }
}

extension BarChart: Figure {
    var defaultAlternativeText: String {
        "Bar chart" + (title.isEmpty ? "" : ": \(title)") + " (\(categories.count) bars"
            + (categories.isEmpty
                ? ")" : ": \(categories.prefix(8).joined(separator: ", "))\(categories.count > 8 ? ", …" : ""))")
    }

    func height(forWidth width: Double) -> Double { height }

    func draw(in context: RenderContext, x: Double, y: Double, width: Double, height: Double) throws {
        let low = min(0, values.min() ?? 0)
        let high = max(0, values.max() ?? 1)
        let frame = PlotFrame.draw(
            context, title: title, yLabel: valueLabel, range: (low, high), x: x, y: y, width: width, height: height,
            bottomBand: 18)
        guard !values.isEmpty else { return }
        let slot = frame.width / Double(values.count)
        let barWidth = slot * 0.7
        let zero = frame.y(0)
        let labelStyle = TextStyle(font: .sans, size: 7, color: .darkGray)
        let widest = categories.map { context.width(of: $0, style: labelStyle) }.max() ?? 0
        let every = max(1, Int((widest + 4) / slot) + 1)
        for (i, value) in values.enumerated() {
            let bx = frame.left + slot * Double(i) + (slot - barWidth) / 2
            let top = frame.y(value)
            context.canvas.fill(x: bx, y: min(top, zero), width: barWidth, height: abs(zero - top), color: color)
            if i % every == 0 {
                context.label(
                    categories[i], style: labelStyle, x: bx + barWidth / 2, y: frame.top + frame.height + 11,
                    anchor: .center)
            }
        }
        context.canvas.line(from: (frame.left, zero), to: (frame.left + frame.width, zero), color: .gray, width: 0.6)
    }
}
