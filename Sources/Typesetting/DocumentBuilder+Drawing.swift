import CCairo
import Foundation

// MARK: - Pages to PDF

extension DocumentBuilder {
    /// Draws paginated fragments, running header and footer, metadata and outline into a PDF.
    func draw(_ pages: [[Paginator.Placement]], shaper: TextShaper) throws -> Data {
        let page = configuration.pageSize
        let margins = configuration.margins
        let canvas = try PDFCanvas(width: page.width, height: page.height)
        let metadata = configuration.metadata
        let fields: [(cairo_pdf_metadata_t, String)] = [
            (CAIRO_PDF_METADATA_TITLE, metadata.title), (CAIRO_PDF_METADATA_SUBJECT, metadata.subject),
            (CAIRO_PDF_METADATA_AUTHOR, metadata.author),
            (CAIRO_PDF_METADATA_KEYWORDS, metadata.keywords.joined(separator: ", ")),
            (CAIRO_PDF_METADATA_CREATOR, metadata.creator),
            (CAIRO_PDF_METADATA_CREATE_DATE, DocumentMetadata.isoString(metadata.resolvedCreationDate())),
        ]
        for (field, value) in fields where !value.isEmpty {
            canvas.setMetadata(field, TextSanitizer.clean(value).replacingOccurrences(of: "\n", with: " "))
        }

        let context = RenderContext(canvas: canvas, shaper: shaper, configuration: configuration)
        context.pageCount = pages.count
        for (number, placements) in pages.enumerated() {
            for placement in placements {
                if let anchor = placement.fragment.anchor {
                    context.anchors[anchor] = (number + 1, margins.left, margins.top + placement.y)
                }
            }
        }
        var section: String?
        for (number, placements) in pages.enumerated() {
            context.pageNumber = number + 1
            // The header names the section in effect at the top of the page.
            let shown = placements.first?.fragment.sectionTitle ?? section
            drawRunningHeaderAndFooter(context, section: shown)
            section = placements.last { $0.fragment.sectionTitle != nil }?.fragment.sectionTitle ?? section
            for placement in placements {
                try placement.fragment.draw(context, margins.left, margins.top + placement.y)
            }
            try canvas.checkStatus("drawing page \(number + 1)")
            canvas.showPage()
        }
        let update = try PDFIncrementalUpdate(try canvas.finish())
        try PDFLinkAnnotator(pageHeight: page.height).annotate(update, links: context.links)
        return update.write()
    }

    /// The header text (left) and current section (right) over a rule, and "Page x of y" centred below.
    private func drawRunningHeaderAndFooter(_ context: RenderContext, section: String?) {
        let page = configuration.pageSize
        let margins = configuration.margins
        let style = TextStyle(font: .sans, size: 8, color: .darkGray)
        if let header = configuration.runningHeader, !header.isEmpty {
            let baseline = margins.top - 22
            let width = context.label(header, style: style, x: margins.left, y: baseline)
            if let section, width + context.width(of: section, style: style) + 24 < configuration.contentWidth {
                context.label(section, style: style, x: page.width - margins.right, y: baseline, anchor: .trailing)
            }
            context.canvas.line(
                from: (margins.left, baseline + 5), to: (page.width - margins.right, baseline + 5), color: .gray,
                width: 0.4)
        }
        let footer = configuration.footerFormat
            .replacingOccurrences(of: "{page}", with: String(context.pageNumber))
            .replacingOccurrences(of: "{pages}", with: String(context.pageCount))
        if !footer.isEmpty {
            context.label(
                footer, style: style, x: margins.left + configuration.contentWidth / 2,
                y: page.height - margins.bottom + 30, anchor: .center)
        }
    }
}
