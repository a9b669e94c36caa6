// MARK: - Drawing a single heatmap with labels

extension Heatmap: Figure {
    var defaultAlternativeText: String {
        "Heatmap" + (title.isEmpty ? "" : ": \(title)")
            + " (\(shownRows.count) × \(shownColumns.count); \(mappingDescription))"
    }

    private static let titleHeight = 16.0
    private static let captionHeight = 14.0
    private static let labelGap = 3.0

    /// The label band sizes for a cell size: font size, row-label width, column-label height, label stride.
    private func labelMetrics(cell: Double) -> (size: Double, stride: Int) {
        let size = min(7, max(4.5, cell * 0.85))
        let stride = max(1, Int((size * 1.15 / cell).rounded(.up)))
        return (size, stride)
    }

    /// The height of the rotated column labels: the longest shown label in the monospace font (0.6 em per
    /// character), at most 62 pt.
    private func columnLabelBand(cell: Double) -> Double {
        guard !columnLabels.isEmpty else { return 0 }
        let (size, stride) = labelMetrics(cell: cell)
        let longest =
            shownColumns.enumerated().filter { $0.offset % stride == 0 }
            .map { columnLabels[$0.element].count }.max() ?? 0
        return min(62, Double(longest) * size * 0.61 + Self.labelGap + 2)
    }

    private func matrixSide(forWidth width: Double) -> Double {
        side ?? min(360, width * 0.75)
    }

    func height(forWidth width: Double) -> Double {
        let matrix = matrixSide(forWidth: width)
        let cell = matrix / Double(max(shownRows.count, shownColumns.count))
        let labels = columnLabelBand(cell: cell)
        return Self.titleHeight + matrix * Double(shownRows.count) / Double(max(shownRows.count, shownColumns.count))
            + labels + Self.captionHeight
    }

    func draw(in context: RenderContext, x: Double, y: Double, width: Double, height: Double) throws {
        let rowCount = shownRows.count
        let columnCount = shownColumns.count
        let longest = Double(max(rowCount, columnCount))
        // Fit the requested side into the frame (a page may have scaled the frame down).
        var side = matrixSide(forWidth: width)
        let labelBand = columnLabelBand(cell: side / longest)
        let available = height - Self.titleHeight - labelBand - Self.captionHeight
        side = min(side, available * longest / Double(rowCount))
        let cell = side / longest
        let matrixWidth = cell * Double(columnCount)
        let matrixHeight = cell * Double(rowCount)
        let (labelSize, stride) = labelMetrics(cell: cell)
        let labelStyle = TextStyle(font: .mono, size: labelSize, color: .darkGray)
        let rowLabelWidth =
            rowLabels.isEmpty
            ? 0.0
            : min(90, shownRows.map { context.width(of: rowLabels[$0], style: labelStyle) }.max() ?? 0) + Self.labelGap
        let left = x + rowLabelWidth
        let top = y + Self.titleHeight

        if !title.isEmpty {
            context.label(title, style: TextStyle(font: .heading, size: 9), x: x, y: y + 11)
        }
        try context.canvas.drawPixels(
            pixels(), columns: columnCount, rows: rowCount, x: left, y: top, width: matrixWidth, height: matrixHeight)
        context.canvas.strokeRect(
            x: left, y: top, width: matrixWidth, height: matrixHeight, color: .gray, lineWidth: 0.3)

        if !rowLabels.isEmpty {
            for (offset, row) in shownRows.enumerated() where offset % stride == 0 {
                let baseline = top + cell * (Double(offset) + 0.5) + labelSize * 0.35
                context.label(
                    truncated(rowLabels[row], width: rowLabelWidth - Self.labelGap, style: labelStyle, context),
                    style: labelStyle, x: left - Self.labelGap, y: baseline, anchor: .trailing)
            }
        }
        if !columnLabels.isEmpty {
            for (offset, column) in shownColumns.enumerated() where offset % stride == 0 {
                let text = truncated(columnLabels[column], width: labelBand - Self.labelGap, style: labelStyle, context)
                let runs = context.shaper.shape(TextSanitizer.clean(text), style: labelStyle)
                let length = runs.reduce(0) { $0 + $1.width }
                let cx = left + cell * (Double(offset) + 0.5) + labelSize * 0.35
                // Rotated 90° so the label reads bottom to top and ends just under the matrix.
                context.canvas.drawRotated(
                    runs, x: cx, baseline: top + matrixHeight + Self.labelGap + length, angle: Double.pi / 2)
            }
        }
        context.label(
            mappingDescription, style: TextStyle(font: .sans, size: 6.5, color: .gray), x: left,
            y: top + matrixHeight + labelBand + 10)
    }

    /// The label cut with "…" to fit a width.
    private func truncated(_ label: String, width: Double, style: TextStyle, _ context: RenderContext) -> String {
        if context.width(of: label, style: style) <= width { return label }
        var characters = Array(label)
        while characters.count > 1, context.width(of: String(characters) + "…", style: style) > width {
            characters.removeLast()
        }
        return String(characters) + "…"
    }
}
