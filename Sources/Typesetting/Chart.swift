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

/// One series of a line chart.
public struct LineSeries: Sendable {
    /// The legend name, e.g. "rollout".
    public var name: String
    /// The x values, increasing.
    public var x: [Double]
    /// The y values, one per x.
    public var y: [Double]
    /// The line colour.
    public var color: Color

    /// A series.
    public init(name: String, x: [Double], y: [Double], color: Color) {
        self.name = name
        self.x = x
        self.y = y
        self.color = color
    }
}

/// A line chart with one or more series, axes, ticks and a legend.
public struct LineChart: Sendable {
    /// The chart title.
    public var title: String
    /// The series.
    public var series: [LineSeries]
    /// The x-axis label, e.g. "layer".
    public var xLabel: String
    /// The y-axis label, e.g. "faithfulness".
    public var yLabel: String
    /// The height of the chart in points, e.g. 180.
    public var height: Double

    /// A line chart.
    ///
    /// - Throws: ``TypesettingError/shapeMismatch(what:expected:actual:)`` when a series has unequal x and y
    ///   counts, ``TypesettingError/invalidValue(what:reason:)`` for a non-finite value or no points at all.
    public init(title: String, series: [LineSeries], xLabel: String = "", yLabel: String = "", height: Double = 180)
        throws
    {
        for line in series {
            guard line.x.count == line.y.count else {
                throw TypesettingError.shapeMismatch(
                    what: "line chart '\(title)' series '\(line.name)' y values", expected: line.x.count,
                    actual: line.y.count)
            }
            guard (line.x + line.y).allSatisfy(\.isFinite) else {
                throw TypesettingError.invalidValue(
                    what: "line chart '\(title)' series '\(line.name)'", reason: "contains a non-finite value")
            }
        }
        guard series.contains(where: { !$0.x.isEmpty }) else {
            throw TypesettingError.invalidValue(what: "line chart '\(title)'", reason: "has no points")
        }
        self.title = title
        self.series = series
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.height = height
    }

    /// Okabe–Ito colours, distinguishable under colour-vision deficiency, for series colours.
    public static let palette: [Color] = [0x0072B2, 0xE69F00, 0x009E73, 0xCC79A7, 0x56B4E9, 0xD55E00, 0xF0E442]
        .map { Color(hex: $0) }
}

/// The frame shared by both charts: title, plot area, y axis with ticks and grid lines.
private struct PlotFrame {
    var left: Double
    var top: Double
    var width: Double
    var height: Double
    var ticks: [Double]
    var step: Double

    var low: Double { ticks.first ?? 0 }
    var high: Double { ticks.last ?? 1 }

    func y(_ value: Double) -> Double {
        top + height - (high > low ? (value - low) / (high - low) : 0.5) * height
    }

    /// Draws the title, y ticks, grid lines and y label; returns the frame of the plot area.
    static func draw(
        _ context: RenderContext, title: String, yLabel: String, range: (Double, Double), x: Double, y: Double,
        width: Double, height: Double, bottomBand: Double
    ) -> PlotFrame {
        let tickStyle = TextStyle(font: .sans, size: 7, color: .darkGray)
        context.label(title, style: TextStyle(font: .heading, size: 9), x: x, y: y + 11)
        let (ticks, step) = ChartAxis.ticks(lower: range.0, upper: range.1)
        let labels = ticks.map { ChartAxis.format($0, step: step) }
        let labelWidth = labels.map { context.width(of: $0, style: tickStyle) }.max() ?? 0
        let axisLabelBand = yLabel.isEmpty ? 0.0 : 12
        let frame = PlotFrame(
            left: x + axisLabelBand + labelWidth + 6, top: y + 20,
            width: width - axisLabelBand - labelWidth - 10, height: height - 20 - bottomBand, ticks: ticks,
            step: step)
        for (tick, label) in zip(ticks, labels) {
            let ty = frame.y(tick)
            context.canvas.line(
                from: (frame.left, ty), to: (frame.left + frame.width, ty), color: .lightGray, width: 0.4)
            context.canvas.line(from: (frame.left - 3, ty), to: (frame.left, ty), color: .gray, width: 0.5)
            context.label(label, style: tickStyle, x: frame.left - 5, y: ty + 2.5, anchor: .trailing)
        }
        context.canvas.line(
            from: (frame.left, frame.top), to: (frame.left, frame.top + frame.height), color: .gray, width: 0.6)
        if !yLabel.isEmpty {
            let runs = context.shaper.shape(TextSanitizer.clean(yLabel), style: tickStyle)
            let length = runs.reduce(0) { $0 + $1.width }
            context.canvas.drawRotated(
                runs, x: x + 8, baseline: frame.top + frame.height / 2 + length / 2, angle: Double.pi / 2)
        }
        return frame
    }
}

extension BarChart: Figure {
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

extension LineChart: Figure {
    func height(forWidth width: Double) -> Double { height }

    func draw(in context: RenderContext, x: Double, y: Double, width: Double, height: Double) throws {
        let xs = series.flatMap(\.x)
        let ys = series.flatMap(\.y)
        let frame = PlotFrame.draw(
            context, title: title, yLabel: yLabel, range: (ys.min() ?? 0, ys.max() ?? 1), x: x, y: y, width: width,
            height: height, bottomBand: xLabel.isEmpty ? 30 : 40)
        let (xTicks, xStep) = ChartAxis.ticks(lower: xs.min() ?? 0, upper: xs.max() ?? 1, count: 8)
        let xLow = xTicks.first ?? 0
        let xHigh = xTicks.last ?? 1
        func px(_ value: Double) -> Double {
            frame.left + (xHigh > xLow ? (value - xLow) / (xHigh - xLow) : 0.5) * frame.width
        }
        let tickStyle = TextStyle(font: .sans, size: 7, color: .darkGray)
        let axisY = frame.top + frame.height
        context.canvas.line(from: (frame.left, axisY), to: (frame.left + frame.width, axisY), color: .gray, width: 0.6)
        for tick in xTicks {
            context.canvas.line(from: (px(tick), axisY), to: (px(tick), axisY + 3), color: .gray, width: 0.5)
            context.label(
                ChartAxis.format(tick, step: xStep), style: tickStyle, x: px(tick), y: axisY + 11, anchor: .center)
        }
        if !xLabel.isEmpty {
            context.label(xLabel, style: tickStyle, x: frame.left + frame.width / 2, y: axisY + 22, anchor: .center)
        }
        for line in series {
            let points = zip(line.x, line.y).map { (px($0), frame.y($1)) }
            context.canvas.polyline(points, color: line.color, width: 1.2)
            for point in points { context.canvas.dot(x: point.0, y: point.1, radius: 1.6, color: line.color) }
        }
        // Legend along the bottom.
        var lx = frame.left
        let ly = y + height - 4
        for line in series {
            context.canvas.line(from: (lx, ly - 2.5), to: (lx + 12, ly - 2.5), color: line.color, width: 1.6)
            lx += 15 + context.label(line.name, style: tickStyle, x: lx + 15, y: ly) + 12
        }
    }
}
