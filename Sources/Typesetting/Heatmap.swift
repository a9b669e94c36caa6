import Foundation

/// An attention matrix painted as an image: one pixel per cell, scaled without smoothing, with token labels.
///
/// Large matrices (512 × 512) stay readable through per-matrix or per-row normalisation, a gamma or logarithmic
/// transform that lifts small weights, and zooming to a block of rows and columns.
public struct Heatmap: Sendable {
    /// How raw values map to [0, 1] before the transform.
    public enum Normalization: Hashable, Sendable {
        /// A fixed range, e.g. `0...1` for attention probabilities (comparable across heads).
        case fixed(ClosedRange<Double>)
        /// Minimum to maximum of the shown block (per-head normalisation).
        case matrix
        /// Minimum to maximum of each shown row (what each query attends to most).
        case row
    }

    /// How normalised values are bent before colouring.
    public enum Transform: Hashable, Sendable {
        /// No change.
        case linear
        /// `t^γ`; γ < 1 lifts small weights, e.g. 0.5.
        case gamma(Double)
        /// Logarithmic between `floor` and 1, e.g. floor 0.001 shows three decades.
        case logarithmic(floor: Double)
    }

    /// Row-major values, `rows × columns` (queries × keys for attention).
    public let values: [Float]
    /// Number of rows (queries).
    public let rows: Int
    /// Number of columns (keys).
    public let columns: Int
    /// One label per row, e.g. the query tokens; may be empty.
    public var rowLabels: [String]
    /// One label per column, e.g. the key tokens; may be empty.
    public var columnLabels: [String]
    /// The title above the map, e.g. "Layer 3, head 7"; also the caption in a grid.
    public var title: String
    /// Value-to-[0, 1] mapping.
    public var normalization: Normalization
    /// Transform after normalisation.
    public var transform: Transform
    /// The colour scale (viridis by default).
    public var scale: ColorScale
    /// The rows shown (zoom); `nil` for all.
    public var rowRange: Range<Int>?
    /// The columns shown (zoom); `nil` for all.
    public var columnRange: Range<Int>?
    /// The side of the matrix area in points; `nil` fits the width (at most 360).
    public var side: Double?

    /// A heatmap over a matrix.
    ///
    /// - Throws: ``TypesettingError/shapeMismatch(what:expected:actual:)`` when `values` is not
    ///   `rows × columns`, ``TypesettingError/invalidValue(what:reason:)`` for a non-finite value, label counts
    ///   that do not match, or a zoom outside the matrix.
    public init(
        values: [Float], rows: Int, columns: Int, rowLabels: [String] = [], columnLabels: [String] = [],
        title: String = "", normalization: Normalization = .fixed(0...1), transform: Transform = .linear,
        scale: ColorScale = .viridis, rowRange: Range<Int>? = nil, columnRange: Range<Int>? = nil,
        side: Double? = nil
    ) throws {
        let name = title.isEmpty ? "heatmap" : "heatmap '\(title)'"
        guard rows > 0, columns > 0 else {
            throw TypesettingError.invalidValue(what: name, reason: "needs at least one row and column")
        }
        guard values.count == rows * columns else {
            throw TypesettingError.shapeMismatch(what: name, expected: rows * columns, actual: values.count)
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw TypesettingError.invalidValue(
                what: name, reason: "value at row \(bad / columns), column \(bad % columns) is \(values[bad])")
        }
        guard rowLabels.isEmpty || rowLabels.count == rows, columnLabels.isEmpty || columnLabels.count == columns
        else {
            throw TypesettingError.invalidValue(
                what: name,
                reason: "\(rowLabels.count) row labels and \(columnLabels.count) column labels for \(rows)×\(columns)")
        }
        if let rowRange, rowRange.isEmpty || rowRange.lowerBound < 0 || rowRange.upperBound > rows {
            throw TypesettingError.invalidValue(what: name, reason: "row zoom \(rowRange) outside 0..<\(rows)")
        }
        if let columnRange, columnRange.isEmpty || columnRange.lowerBound < 0 || columnRange.upperBound > columns {
            throw TypesettingError.invalidValue(what: name, reason: "column zoom \(columnRange) outside 0..<\(columns)")
        }
        self.values = values
        self.rows = rows
        self.columns = columns
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.title = title
        self.normalization = normalization
        self.transform = transform
        self.scale = scale
        self.rowRange = rowRange
        self.columnRange = columnRange
        self.side = side
    }

    /// The shown rows and columns.
    var shownRows: Range<Int> { rowRange ?? 0..<rows }
    var shownColumns: Range<Int> { columnRange ?? 0..<columns }

    /// The shown block as `0x00RRGGBB` pixels, row-major.
    func pixels() -> [UInt32] {
        let rowSpan = shownRows
        let columnSpan = shownColumns
        // A lookup table keeps 512 × 512 × 72 cells cheap.
        let lookup = (0..<1024).map { scale.color(at: Double($0) / 1023).pixel }
        var pixels = [UInt32](repeating: 0, count: rowSpan.count * columnSpan.count)
        var blockMin = Float.infinity
        var blockMax = -Float.infinity
        if normalization == .matrix {
            for r in rowSpan {
                for c in columnSpan {
                    let v = values[r * columns + c]
                    blockMin = min(blockMin, v)
                    blockMax = max(blockMax, v)
                }
            }
        }
        var out = 0
        for r in rowSpan {
            var low: Double
            var high: Double
            switch normalization {
            case .fixed(let range):
                low = range.lowerBound
                high = range.upperBound
            case .matrix:
                low = Double(blockMin)
                high = Double(blockMax)
            case .row:
                let slice = values[(r * columns + columnSpan.lowerBound)..<(r * columns + columnSpan.upperBound)]
                low = Double(slice.min() ?? 0)
                high = Double(slice.max() ?? 1)
            }
            let width = high - low
            for c in columnSpan {
                let raw = Double(values[r * columns + c])
                let t = width > 0 ? min(max((raw - low) / width, 0), 1) : 0.5
                pixels[out] = lookup[Int((transformed(t) * 1023).rounded())]
                out += 1
            }
        }
        return pixels
    }

    /// Applies the transform to a normalised value in [0, 1].
    func transformed(_ t: Double) -> Double {
        switch transform {
        case .linear: return t
        case .gamma(let gamma): return pow(t, gamma > 0 ? gamma : 1)
        case .logarithmic(let floor):
            let lower = min(max(floor, 1e-12), 0.5)
            return (log10(max(t, lower)) - log10(lower)) / -log10(lower)
        }
    }

    /// A one-line description of the mapping, printed under the map so a reader knows what the colours mean.
    var mappingDescription: String {
        let norm: String
        switch normalization {
        case .fixed(let range):
            norm =
                "fixed \(ChartAxis.format(range.lowerBound, step: 0.01))–\(ChartAxis.format(range.upperBound, step: 0.01))"
        case .matrix: norm = "min–max of the block"
        case .row: norm = "min–max per row"
        }
        let curve: String
        switch transform {
        case .linear: curve = "linear"
        case .gamma(let gamma): curve = "gamma \(ChartAxis.format(gamma, step: 0.01))"
        case .logarithmic(let floor): curve = "log from \(floor)"
        }
        let zoom =
            "rows \(shownRows.lowerBound)–\(shownRows.upperBound - 1), columns \(shownColumns.lowerBound)–\(shownColumns.upperBound - 1) of \(rows)×\(columns)"
        return "\(scale.name), \(norm), \(curve); \(zoom)"
    }
}
