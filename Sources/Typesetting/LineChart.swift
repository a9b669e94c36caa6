import Foundation

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

extension LineChart: Figure {
    var defaultAlternativeText: String {
        "Line chart" + (title.isEmpty ? "" : ": \(title)") + " (\(series.count) series"
            + (series.isEmpty ? ")" : ": \(series.map(\.name).joined(separator: ", ")))")
    }

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
