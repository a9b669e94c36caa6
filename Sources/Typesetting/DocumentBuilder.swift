import Foundation
import Support

/// Builds a document from content blocks and typesets it as a PDF.
///
/// Content flows from page to page: headings (bookmarked, linkable from a table of contents), paragraphs,
/// attribution-highlighted paragraphs with legends, tables, heatmaps and charts. Rendering is deterministic:
/// the same blocks and configuration give a byte-identical PDF.
///
/// ```swift
/// let fonts = try FontLibrary(directory: URL(fileURLWithPath: "Fonts", isDirectory: true))
/// let document = DocumentBuilder(configuration: DocumentConfiguration(metadata: .init(title: "Dossier")),
///                                fonts: fonts)
/// document.heading("Summary")
/// document.paragraph("The classifier predicted “refund request” with probability 0.93.")
/// try document.write(to: URL(fileURLWithPath: "out/dossier.pdf"))
/// ```
public final class DocumentBuilder {
    /// Paper, margins, metadata, header and footer.
    public let configuration: DocumentConfiguration
    /// The fonts the document is set in.
    public let fonts: FontLibrary

    enum Block {
        case heading(text: String, level: Int, anchor: String)
        case paragraph(spans: [TextSpan], alignment: TextAlignment)
        case table(Table)
        case figure(any Figure, spaceBefore: Double, alternativeText: String)
        case spacing(Double)
        case pageBreak
        case tableOfContents(title: String)
    }

    private(set) var blocks: [Block] = []
    /// The files to embed, in the order they were attached.
    private(set) var attachments: [PDFAttachment] = []
    private var headingCount = 0

    /// An empty document.
    public init(configuration: DocumentConfiguration = DocumentConfiguration(), fonts: FontLibrary) {
        self.configuration = configuration
        self.fonts = fonts
    }

    // MARK: - Content

    /// Adds a section heading, with a bookmark in the outline and a link target for the table of contents.
    ///
    /// - Parameters:
    ///   - text: The heading.
    ///   - level: 1 for sections, 2 for subsections, 3 for minor headings (clamped to 1…3).
    /// - Returns: The heading's anchor, e.g. "section-3" (unique within the document).
    @discardableResult
    public func heading(_ text: String, level: Int = 1) -> String {
        headingCount += 1
        let anchor = "section-\(headingCount)"
        blocks.append(.heading(text: text, level: min(max(level, 1), 3), anchor: anchor))
        return anchor
    }

    /// Adds a paragraph of body text.
    public func paragraph(_ text: String, alignment: TextAlignment = .justified) {
        paragraph([TextSpan(text, style: TextStyle.body.sized(configuration.bodySize))], alignment: alignment)
    }

    /// Adds a paragraph of text in one style, e.g. ``TextStyle/caption`` for notes under a figure.
    public func paragraph(_ text: String, style: TextStyle, alignment: TextAlignment = .leading) {
        paragraph([TextSpan(text, style: style)], alignment: alignment)
    }

    /// Adds a paragraph of styled spans (bold words, tokens in monospace, coloured runs).
    public func paragraph(_ spans: [TextSpan], alignment: TextAlignment = .justified) {
        blocks.append(.paragraph(spans: spans, alignment: alignment))
    }

    /// Adds a paragraph whose words carry background colours from a scale, e.g. attributions.
    ///
    /// Highlight boxes follow the line breaks; text on dark backgrounds turns white.
    /// - Parameters:
    ///   - tokens: The words or phrases with their scores.
    ///   - scale: ``ColorScale/sequential`` for scores in [0, 1], ``ColorScale/diverging`` for signed scores.
    ///   - domain: The score range mapped onto the scale, e.g. `0...1` or `-0.5...0.5`.
    ///   - style: The text style before colouring.
    public func highlightedParagraph(
        _ tokens: [HighlightedToken], scale: ColorScale = .sequential, domain: ClosedRange<Double> = 0...1,
        style: TextStyle? = nil, alignment: TextAlignment = .leading
    ) {
        let base = style ?? TextStyle.body.sized(configuration.bodySize)
        var spans: [TextSpan] = []
        for token in tokens {
            var tokenStyle = base
            if let score = token.score, score.isFinite {
                let background = scale.color(for: score, in: domain)
                tokenStyle.background = background
                tokenStyle.color = background.contrastingText
            }
            spans.append(TextSpan(token.text, style: tokenStyle))
            if !token.trailing.isEmpty { spans.append(TextSpan(token.trailing, style: base)) }
        }
        blocks.append(.paragraph(spans: spans, alignment: alignment))
    }

    /// Adds a colour legend for a scale.
    ///
    /// - Parameters:
    ///   - legend: The legend.
    ///   - alternativeText: What the figure shows, for readers who cannot see it (the `Figure` element's `/Alt`);
    ///     `nil` for a generic description built from its title and size.
    public func colorLegend(_ legend: ColorLegend, alternativeText: String? = nil) {
        blocks.append(
            .figure(
                legend, spaceBefore: 6, alternativeText: alternativeText ?? legend.defaultAlternativeText))
    }

    /// Adds a table; rows flow across pages and the header row repeats.
    public func table(_ table: Table) {
        blocks.append(.table(table))
    }

    /// Adds an attention heatmap.
    ///
    /// - Parameters:
    ///   - heatmap: The heatmap.
    ///   - alternativeText: What the figure shows, for readers who cannot see it (the `Figure` element's `/Alt`);
    ///     `nil` for a generic description built from its title and size.
    public func heatmap(_ heatmap: Heatmap, alternativeText: String? = nil) {
        blocks.append(
            .figure(
                heatmap, spaceBefore: 10, alternativeText: alternativeText ?? heatmap.defaultAlternativeText))
    }

    /// Adds a grid of small heatmaps (layers × heads).
    ///
    /// - Parameters:
    ///   - grid: The grid.
    ///   - alternativeText: What the figure shows, for readers who cannot see it (the `Figure` element's `/Alt`);
    ///     `nil` for a generic description built from its title and size.
    public func heatmapGrid(_ grid: HeatmapGrid, alternativeText: String? = nil) {
        blocks.append(
            .figure(
                grid, spaceBefore: 10, alternativeText: alternativeText ?? grid.defaultAlternativeText))
    }

    /// Adds a bar chart.
    ///
    /// - Parameters:
    ///   - chart: The chart.
    ///   - alternativeText: What the figure shows, for readers who cannot see it (the `Figure` element's `/Alt`);
    ///     `nil` for a generic description built from its title and size.
    public func barChart(_ chart: BarChart, alternativeText: String? = nil) {
        blocks.append(
            .figure(
                chart, spaceBefore: 10, alternativeText: alternativeText ?? chart.defaultAlternativeText))
    }

    /// Adds a line chart.
    ///
    /// - Parameters:
    ///   - chart: The chart.
    ///   - alternativeText: What the figure shows, for readers who cannot see it (the `Figure` element's `/Alt`);
    ///     `nil` for a generic description built from its title and size.
    public func lineChart(_ chart: LineChart, alternativeText: String? = nil) {
        blocks.append(
            .figure(
                chart, spaceBefore: 10, alternativeText: alternativeText ?? chart.defaultAlternativeText))
    }

    /// Adds vertical space (dropped at the top of a page).
    public func spacing(_ points: Double) {
        blocks.append(.spacing(max(0, points)))
    }

    /// Starts a new page.
    public func pageBreak() {
        blocks.append(.pageBreak)
    }

    /// Adds a table of contents listing every level 1 and 2 heading with its page, each line a link.
    public func tableOfContents(title: String = "Contents") {
        blocks.append(.tableOfContents(title: title))
    }

    /// Embeds a file in the PDF, e.g. the JSON record a dossier was typeset from.
    ///
    /// Attachments are listed in viewers' attachment panels and by `pdfdetach -list`, in the order attached, and
    /// read back by ``PDFAttachments/extract(from:)``.
    public func attach(_ attachment: PDFAttachment) {
        attachments.append(attachment)
    }

    // MARK: - Output

    /// A typeset document.
    public struct RenderedPDF: Sendable {
        /// The PDF bytes.
        public var data: Data
        /// The number of pages.
        public var pageCount: Int
    }

    /// Typesets the document.
    ///
    /// - Returns: The PDF bytes.
    /// - Throws: ``TypesettingError`` for an invalid configuration, bad figure data or a Cairo failure.
    public func render() throws -> Data {
        try renderPDF().data
    }

    /// Typesets the document and reports its page count.
    ///
    /// - Throws: ``TypesettingError`` for an invalid configuration, bad figure data or a Cairo failure.
    public func renderPDF() throws -> RenderedPDF {
        try configuration.validate()
        let shaper = TextShaper(fonts: fonts)
        let fragments = try makeFragments(shaper: shaper)
        let pages = Paginator.paginate(fragments, pageHeight: configuration.contentHeight)
        return RenderedPDF(data: try draw(pages, shaper: shaper), pageCount: pages.count)
    }

    /// Typesets the document and writes it atomically: to a temporary file beside the destination, renamed
    /// into place only when complete.
    ///
    /// - Throws: ``TypesettingError/outputUnwritable(path:reason:)`` when the folder is missing or not
    ///   writable, and any error of ``render()``; the destination is left untouched on error.
    /// - Returns: The number of pages written.
    @discardableResult
    public func write(to url: URL) throws -> Int {
        let folder = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
        else { throw TypesettingError.outputUnwritable(path: url.path, reason: "folder does not exist") }
        guard FileManager.default.isWritableFile(atPath: folder.path) else {
            throw TypesettingError.outputUnwritable(path: url.path, reason: "folder is not writable")
        }
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw TypesettingError.outputUnwritable(path: url.path, reason: "a folder is in the way")
        }
        let rendered = try renderPDF()
        let data = rendered.data
        do {
            try AtomicFile.write(data, to: url)
        } catch let failure as AtomicFile.Failure {
            throw TypesettingError.outputUnwritable(path: url.path, reason: failure.reason)
        }
        return rendered.pageCount
    }
}
