/// Where a figure or text is drawn, and with what: the canvas, the shaper and the document's cross references.
final class RenderContext {
    /// The PDF being drawn.
    let canvas: PDFCanvas
    /// The shaper (fonts and caches).
    let shaper: TextShaper
    /// The document configuration.
    let configuration: DocumentConfiguration
    /// The 1-based page and the top-left position (in points) of each heading anchor.
    var anchors: [String: (page: Int, x: Double, y: Double)] = [:]
    /// Internal links collected while drawing, added to the PDF after Cairo finishes.
    var links: [PDFLinkAnnotator.Link] = []
    /// The alternative text of each figure in drawing order, added to the `Figure` elements after Cairo finishes.
    var figureAlternativeTexts: [String] = []
    /// How many table-of-contents lines have been drawn: the index of a line's `TOCI` element, its link's
    /// structure parent.
    var tableOfContentsItemCount = 0
    /// The 1-based number of the page being drawn.
    var pageNumber = 1
    /// The number of pages.
    var pageCount = 1
    /// The outline item id of the latest heading at each level, for nesting bookmarks.
    var outlineParents: [Int: Int32] = [:]

    /// A context for drawing one document.
    init(canvas: PDFCanvas, shaper: TextShaper, configuration: DocumentConfiguration) {
        self.canvas = canvas
        self.shaper = shaper
        self.configuration = configuration
    }

    /// How a single-line label sits on its anchor point.
    enum Anchor {
        case leading, center, trailing
    }

    /// Draws one line of text (no wrapping) with its baseline at `y`.
    ///
    /// - Parameters:
    ///   - text: The label; control characters are shown as U+FFFD.
    ///   - style: Font, size, colour.
    ///   - x: The anchor's horizontal position.
    ///   - y: The baseline.
    ///   - anchor: Whether `x` is the label's left edge, centre or right edge.
    /// - Returns: The label's width.
    @discardableResult
    func label(_ text: String, style: TextStyle, x: Double, y: Double, anchor: Anchor = .leading) -> Double {
        let runs = shaper.shape(TextSanitizer.clean(text).replacingOccurrences(of: "\n", with: " "), style: style)
        let width = runs.reduce(0) { $0 + $1.width }
        var pen: Double
        switch anchor {
        case .leading: pen = x
        case .center: pen = x - width / 2
        case .trailing: pen = x - width
        }
        for run in runs {
            canvas.draw(run, x: pen, baseline: y)
            pen += run.width
        }
        return width
    }

    /// The width of a single-line label.
    func width(of text: String, style: TextStyle) -> Double {
        shaper.width(of: TextSanitizer.clean(text), style: style)
    }

    /// Draws a laid-out line: highlight boxes first, then glyphs.
    ///
    /// Highlight boxes cover each word; a space is boxed too when the words on both sides belong to the same
    /// highlighted span, so a phrase reads as one box that breaks with the line.
    func draw(_ line: LaidOutLine, x: Double, top: Double) {
        let baseline = top + line.baseline
        let words = line.items.indices.filter { !line.items[$0].isSpace }
        for (i, item) in line.items.enumerated() {
            guard let background = item.run.style.background else { continue }
            if item.isSpace {
                let previous = words.last { $0 < i }
                let next = words.first { $0 > i }
                guard let previous, let next, line.items[previous].spanIndex == item.spanIndex,
                    line.items[next].spanIndex == item.spanIndex
                else { continue }
            }
            let size = item.run.style.size
            canvas.fill(
                x: x + item.x, y: baseline - size * 0.93, width: item.width, height: size * 1.22, color: background)
        }
        for item in line.items where !item.isSpace || item.run.glyphs.count > 0 {
            canvas.draw(item.run, x: x + item.x, baseline: baseline)
        }
    }
}
