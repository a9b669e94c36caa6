/// The frame shared by both charts: title, plot area, y axis with ticks and grid lines.
struct PlotFrame {
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
