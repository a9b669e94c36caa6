import Foundation

/// Small multiples: many heatmaps (e.g. layers × heads) in a grid, each captioned with its title.
public struct HeatmapGrid: Sendable {
    /// The maps in reading order; each map's `title` is its caption, e.g. "L2 H5".
    public var maps: [Heatmap]
    /// How many maps per row, e.g. the number of heads.
    public var columns: Int
    /// A title above the grid.
    public var title: String
    /// A legend of the shared colour scale under the title, or `nil`.
    public var legend: ColorLegend?

    /// A grid of heatmaps.
    public init(maps: [Heatmap], columns: Int, title: String = "", legend: ColorLegend? = nil) {
        self.maps = maps
        self.columns = max(1, columns)
        self.title = title
        self.legend = legend
    }

    private static let captionHeight = 10.0
    private static let gap = 4.0

    private var headerHeight: Double { (title.isEmpty ? 0 : 16) + (legend == nil ? 0 : 34) }

    private func cellSide(forWidth width: Double) -> Double {
        (width - Self.gap * Double(columns - 1)) / Double(columns)
    }
}

extension HeatmapGrid: Figure {
    var defaultAlternativeText: String {
        "Grid of \(maps.count) heatmaps" + (title.isEmpty ? "" : ": \(title)")
    }

    func height(forWidth width: Double) -> Double {
        let gridRows = (maps.count + columns - 1) / columns
        return headerHeight + Double(gridRows) * (cellSide(forWidth: width) + Self.captionHeight + Self.gap)
    }

    func draw(in context: RenderContext, x: Double, y: Double, width: Double, height: Double) throws {
        var top = y
        if !title.isEmpty {
            context.label(title, style: TextStyle(font: .heading, size: 9), x: x, y: top + 11)
            top += 16
        }
        if let legend {
            try legend.draw(in: context, x: x, y: top, width: width, height: 34)
            top += 34
        }
        let gridRows = max(1, (maps.count + columns - 1) / columns)
        // Shrink cells if the page scaled the frame down.
        let side = min(
            cellSide(forWidth: width), (height - (top - y)) / Double(gridRows) - Self.captionHeight - Self.gap)
        let captionStyle = TextStyle(font: .sans, size: 6.5, color: .darkGray)
        for (index, map) in maps.enumerated() {
            let cx = x + Double(index % columns) * (side + Self.gap)
            let cy = top + Double(index / columns) * (side + Self.captionHeight + Self.gap)
            let rowCount = map.shownRows.count
            let columnCount = map.shownColumns.count
            let longest = Double(max(rowCount, columnCount))
            let w = side * Double(columnCount) / longest
            let h = side * Double(rowCount) / longest
            try context.canvas.drawPixels(
                map.pixels(), columns: columnCount, rows: rowCount, x: cx, y: cy, width: w, height: h)
            context.canvas.strokeRect(x: cx, y: cy, width: w, height: h, color: .gray, lineWidth: 0.25)
            context.label(map.title, style: captionStyle, x: cx + side / 2, y: cy + side + 7.5, anchor: .center)
        }
    }
}
