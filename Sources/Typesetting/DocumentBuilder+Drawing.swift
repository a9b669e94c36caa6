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
        // Elements open across a page break (a paragraph, a table) are closed at the foot of the page and
        // reopened as continuations after the next page's header; each entry is (element, tag it is open as).
        var open: [(element: StructureElement, tag: StructureElement)] = []
        canvas.beginStructure(.document)
        for (number, placements) in pages.enumerated() {
            context.pageNumber = number + 1
            // The header names the section in effect at the top of the page.
            let shown = placements.first?.fragment.sectionTitle ?? section
            drawRunningHeaderAndFooter(context, section: shown)
            section = placements.last { $0.fragment.sectionTitle != nil }?.fragment.sectionTitle ?? section
            for index in open.indices {
                open[index].tag = .continuation
                canvas.beginStructure(.continuation)
            }
            for placement in placements {
                for element in placement.fragment.structureBegins {
                    canvas.beginStructure(element)
                    open.append((element, element))
                }
                try placement.fragment.draw(context, margins.left, margins.top + placement.y)
                for element in placement.fragment.structureEnds {
                    guard let last = open.popLast(), last.element == element else {
                        throw TypesettingError.cairo(
                            operation: "tagging page \(number + 1)", status: "\(element) closed but not innermost")
                    }
                    canvas.endStructure(last.tag)
                }
            }
            for entry in open.reversed() { canvas.endStructure(entry.tag) }
            if number == pages.count - 1 { canvas.endStructure(.document) }
            try canvas.checkStatus("drawing page \(number + 1)")
            canvas.showPage()
        }
        let update = try PDFIncrementalUpdate(try canvas.finish())
        let items = try PDFStructureUpdater(alternativeTexts: context.figureAlternativeTexts).apply(to: update)
        try PDFLinkAnnotator(pageHeight: page.height).annotate(update, links: context.links, structureParents: items)
        try PDFCatalogUpdater(language: configuration.language, metadata: metadata, attachments: attachments)
            .apply(to: update)
        return update.write()
    }

    /// The header text (left) and current section (right) over a rule, and "Page x of y" centred below, each
    /// tagged as page furniture so it stays out of the structure tree (and out of a paragraph continued here).
    private func drawRunningHeaderAndFooter(_ context: RenderContext, section: String?) {
        context.canvas.beginStructure(.artifact)
        defer { context.canvas.endStructure(.artifact) }
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
