// MARK: - Blocks to fragments

extension DocumentBuilder {
    /// Lays every block out at the content width and cuts it into fragments for the paginator.
    func makeFragments(shaper: TextShaper) throws -> [Fragment] {
        let width = configuration.contentWidth
        var fragments: [Fragment] = []
        let headings: [(text: String, level: Int, anchor: String)] = blocks.compactMap {
            if case .heading(let text, let level, let anchor) = $0, level <= 2 { return (text, level, anchor) }
            return nil
        }
        for block in blocks {
            switch block {
            case .heading(let text, let level, let anchor):
                fragments += headingFragments(text, level: level, anchor: anchor, width: width, shaper: shaper)
            case .paragraph(let spans, let alignment):
                let layout = ParagraphLayout(spans: spans, width: width, alignment: alignment)
                fragments += paragraphFragments(
                    layout.lines(using: shaper), spaceBefore: configuration.bodySize * 0.7)
            case .table(let table):
                fragments += try table.fragments(width: width, shaper: shaper)
            case .figure(let figure, let spaceBefore, let alternativeText):
                let height = min(figure.height(forWidth: width), configuration.contentHeight)
                fragments.append(
                    Fragment(height: height, spaceBefore: spaceBefore) { context, x, y in
                        try context.canvas.withStructure(.figure) {
                            try figure.draw(in: context, x: x, y: y, width: width, height: height)
                        }
                        context.figureAlternativeTexts.append(alternativeText)
                    })
            case .spacing(let points):
                fragments.append(Fragment(height: 0, spaceBefore: points) { _, _, _ in })
            case .pageBreak:
                fragments.append(.pageBreak())
            case .tableOfContents(let title):
                fragments += headingFragments(title, level: 1, anchor: nil, width: width, shaper: shaper)
                let lines = tableOfContentsFragments(headings, width: width, shaper: shaper)
                lines.first?.structureBegins = [.tableOfContents]
                lines.last?.structureEnds = [.tableOfContents]
                fragments += lines
            }
        }
        return fragments
    }

    /// The lines of a paragraph as fragments that avoid widows and orphans.
    ///
    /// A paragraph of up to three lines moves as a whole; a longer one may split anywhere except after its first
    /// line or before its last.
    /// The paragraph is one `P` structure element opened by its first line and closed by its last, so a
    /// paragraph continued on the next page stays one element read in order.
    func paragraphFragments(_ lines: [LaidOutLine], spaceBefore: Double) -> [Fragment] {
        let fragments = lines.enumerated().map { i, line in
            let keep = lines.count <= 3 ? i < lines.count - 1 : (i == 0 || i == lines.count - 2)
            return Fragment(height: line.height, spaceBefore: i == 0 ? spaceBefore : 0, keepWithNext: keep) {
                context, x, y in
                context.draw(line, x: x, top: y)
            }
        }
        fragments.first?.structureBegins = [.paragraph]
        fragments.last?.structureEnds = [.paragraph]
        return fragments
    }

    /// A heading: kept with what follows, a named destination and an outline entry when it has an anchor.
    func headingFragments(
        _ text: String, level: Int, anchor: String?, width: Double, shaper: TextShaper
    ) -> [Fragment] {
        let size = configuration.headingSizes[min(level, configuration.headingSizes.count) - 1]
        let style = TextStyle(font: .heading, size: size, color: level == 1 ? Color(hex: 0x1A2A44) : .black)
        let lines = ParagraphLayout(
            spans: [TextSpan(text, style: style)], width: width, alignment: .leading, leading: 1.25
        )
        .lines(using: shaper)
        let height = lines.reduce(0) { $0 + $1.height } + size * 0.35
        let fragment = Fragment(height: height, spaceBefore: size * 1.1, keepWithNext: true, anchor: anchor) {
            context, x, y in
            context.canvas.beginStructure(.heading(level: level))
            defer { context.canvas.endStructure(.heading(level: level)) }
            if anchor != nil {
                let parent = level > 1 ? context.outlineParents[level - 1] ?? 0 : 0
                let id = context.canvas.addOutline(
                    parent: parent, title: TextSanitizer.clean(text).replacingOccurrences(of: "\n", with: " "),
                    page: context.pageNumber, x: x, y: y)
                context.outlineParents[level] = id
                for deeper in (level + 1)...4 { context.outlineParents[deeper] = nil }
            }
            var top = y
            for line in lines {
                context.draw(line, x: x, top: top)
                top += line.height
            }
            if level == 1 {
                context.canvas.line(
                    from: (x, top + size * 0.12), to: (x + width, top + size * 0.12), color: .gray, width: 0.4)
            }
        }
        if level == 1, anchor != nil {
            fragment.sectionTitle = TextSanitizer.clean(text).replacingOccurrences(of: "\n", with: " ")
        }
        return [fragment]
    }

    /// One linked line per heading, with its page number at the right margin.
    func tableOfContentsFragments(
        _ headings: [(text: String, level: Int, anchor: String)], width: Double, shaper: TextShaper
    ) -> [Fragment] {
        let size = configuration.bodySize
        return headings.map { heading in
            let indent = heading.level == 1 ? 0 : size * 1.5
            let style = TextStyle(font: heading.level == 1 ? .bodyBold : .body, size: size)
            let lines = ParagraphLayout(
                spans: [TextSpan(heading.text, style: style)], width: width - indent - size * 4, alignment: .leading
            ).lines(using: shaper)
            let height = lines.reduce(0) { $0 + $1.height }
            return Fragment(height: height, spaceBefore: heading.level == 1 ? size * 0.4 : 0) { context, x, y in
                context.canvas.beginStructure(.tableOfContentsItem)
                defer { context.canvas.endStructure(.tableOfContentsItem) }
                let item = context.tableOfContentsItemCount
                context.tableOfContentsItemCount += 1
                var top = y
                for line in lines {
                    context.draw(line, x: x + indent, top: top)
                    top += line.height
                }
                let target = context.anchors[heading.anchor]
                let page = target.map { String($0.page) } ?? "?"
                let baseline = y + (lines.last?.baseline ?? size) + height - (lines.last?.height ?? size)
                context.label(page, style: style, x: x + width, y: baseline, anchor: .trailing)
                if let target {
                    context.links.append(
                        PDFLinkAnnotator.Link(
                            page: context.pageNumber, rect: (x, y, width, height), targetPage: target.page,
                            targetX: target.x, targetY: target.y, structureItem: item))
                }
            }
        }
    }
}
