/// A table of text cells: a header row, body rows, per-column alignment and relative widths.
///
/// Cells wrap within their column; rows never split, but a table may break between rows, and the header row is
/// repeated at the top of each continuation page.
public struct Table: Sendable {
    /// One column.
    public struct Column: Hashable, Sendable {
        /// The header text.
        public var title: String
        /// How the cells sit in the column: `.trailing` for numbers.
        public var alignment: TextAlignment
        /// Relative width; widths are shares of the content width, e.g. 1, 2.
        public var weight: Double
        /// Whether cells are set in the monospace font (tokens, identifiers).
        public var monospaced: Bool

        /// A column.
        public init(_ title: String, alignment: TextAlignment = .leading, weight: Double = 1, monospaced: Bool = false)
        {
            self.title = title
            self.alignment = alignment
            self.weight = weight
            self.monospaced = monospaced
        }
    }

    /// The columns, left to right.
    public var columns: [Column]
    /// Body rows; each must have as many cells as there are columns.
    public var rows: [[String]]
    /// A caption above the table, or `nil`.
    public var caption: String?
    /// Cell text size in points, e.g. 8.5.
    public var fontSize: Double

    /// Per row, a file the whole row links to (a path relative to the PDF, opened with a `GoToR` action), or
    /// nil; empty for no links.
    public var rowLinks: [String?] = []

    /// A table.
    public init(columns: [Column], rows: [[String]], caption: String? = nil, fontSize: Double = 8.5) {
        self.columns = columns
        self.rows = rows
        self.caption = caption
        self.fontSize = fontSize
    }

    /// Lays the table out as a caption fragment, a header fragment and one fragment per row.
    ///
    /// - Throws: ``TypesettingError/shapeMismatch(what:expected:actual:)`` naming the first row with the wrong
    ///   number of cells, or ``TypesettingError/invalidValue(what:reason:)`` for unusable column weights.
    func fragments(width: Double, shaper: TextShaper) throws -> [Fragment] {
        guard !columns.isEmpty else { return [] }
        for (index, row) in rows.enumerated() where row.count != columns.count {
            throw TypesettingError.shapeMismatch(
                what: "table row \(index + 1)\(caption.map { " of '\($0)'" } ?? "")", expected: columns.count,
                actual: row.count)
        }
        let totalWeight = columns.reduce(0) { $0 + $1.weight }
        guard totalWeight > 0, columns.allSatisfy({ $0.weight >= 0 && $0.weight.isFinite }) else {
            throw TypesettingError.invalidValue(what: "table column weights", reason: "must be positive and finite")
        }
        let widths = columns.map { width * $0.weight / totalWeight }
        let padding = fontSize * 0.45
        let bodyStyle = TextStyle(font: .sans, size: fontSize)
        let headerStyle = TextStyle(font: .heading, size: fontSize)

        func rowFragment(
            _ cells: [String], isHeader: Bool, stripe: Bool, spaceBefore: Double = 0, link: String? = nil
        ) -> Fragment {
            let laidOut: [[LaidOutLine]] = cells.enumerated().map { column, text in
                var style = isHeader ? headerStyle : bodyStyle
                if !isHeader, columns[column].monospaced { style.font = .mono }
                let layout = ParagraphLayout(
                    spans: [TextSpan(text, style: style)], width: max(widths[column] - 2 * padding, fontSize),
                    alignment: columns[column].alignment == .justified ? .leading : columns[column].alignment,
                    leading: 1.3)
                return layout.lines(using: shaper)
            }
            let height = (laidOut.map { $0.reduce(0) { $0 + $1.height } }.max() ?? fontSize) + 2 * padding
            return Fragment(height: height, spaceBefore: spaceBefore, keepWithNext: isHeader) { context, x, y in
                context.canvas.beginStructure(.tableRow)
                defer { context.canvas.endStructure(.tableRow) }
                if isHeader {
                    context.canvas.fill(x: x, y: y, width: width, height: height, color: Color(hex: 0xDDE3EA))
                } else if stripe {
                    context.canvas.fill(x: x, y: y, width: width, height: height, color: Color(hex: 0xF4F6F8))
                }
                var left = x
                for (column, lines) in laidOut.enumerated() {
                    context.canvas.withStructure(isHeader ? .tableHeaderCell : .tableCell) {
                        var top = y + padding
                        for line in lines {
                            context.draw(line, x: left + padding, top: top)
                            top += line.height
                        }
                    }
                    left += widths[column]
                }
                context.canvas.line(
                    from: (x, y + height), to: (x + width, y + height), color: isHeader ? .gray : .lightGray,
                    width: isHeader ? 0.6 : 0.4)
                if let link {
                    context.links.append(
                        PDFLinkAnnotator.Link(
                            page: context.pageNumber, rect: (x, y, width, height), targetPage: context.pageNumber,
                            targetX: 0, targetY: 0, structureItem: nil, file: link))
                }
            }
        }

        var fragments: [Fragment] = []
        if let caption {
            let lines = ParagraphLayout(
                spans: [TextSpan(caption, style: TextStyle(font: .heading, size: fontSize + 0.5, color: .darkGray))],
                width: width, alignment: .leading
            ).lines(using: shaper)
            let height = lines.reduce(0) { $0 + $1.height }
            fragments.append(
                Fragment(height: height, spaceBefore: 10, keepWithNext: true) { context, x, y in
                    context.canvas.withStructure(.caption) {
                        var top = y
                        for line in lines {
                            context.draw(line, x: x, top: top)
                            top += line.height
                        }
                    }
                })
        }
        let header = rowFragment(
            columns.map(\.title), isHeader: true, stripe: false, spaceBefore: caption == nil ? 10 : 0)
        fragments.append(header)
        // Continuation pages start with a copy of the header (without the space above it), page furniture
        // rather than content.
        let continuation = Fragment(height: header.height, draw: header.draw)
        continuation.structureBegins = [.artifact]
        continuation.structureEnds = [.artifact]
        for (index, row) in rows.enumerated() {
            let fragment = rowFragment(
                row, isHeader: false, stripe: index % 2 == 1,
                link: rowLinks.indices.contains(index) ? rowLinks[index] : nil)
            fragment.continuationHeader = continuation
            fragments.append(fragment)
        }
        // The whole table is one element, opened by its first fragment and closed by its last.
        fragments.first?.structureBegins = [.table]
        fragments.last?.structureEnds = [.table]
        return fragments
    }
}
