import Foundation

/// Adds internal link annotations to a finished Cairo PDF through a ``PDFIncrementalUpdate``.
///
/// Cairo 1.16's own link tags (`CAIRO_TAG_LINK`) write a page's `/Annots` array but never the annotation
/// objects, leaving a cross-reference table that `qpdf --check` reports as damaged. This writer adds a new
/// version of each linked page object with an `/Annots` array and the `/Link` annotations with explicit `/XYZ`
/// destinations.
struct PDFLinkAnnotator {
    /// A clickable rectangle on one page pointing at a position on another.
    struct Link: Equatable {
        /// The 1-based page the rectangle is on.
        var page: Int
        /// The rectangle in points from the top-left of the page: x, y, width, height.
        var rect: (x: Double, y: Double, width: Double, height: Double)
        /// The 1-based target page.
        var targetPage: Int
        /// The target position in points from the top-left of the target page.
        var targetX: Double
        var targetY: Double
        /// The index of the structure element (in the list given to ``annotate(_:links:structureParents:)``)
        /// whose `Link` child the annotation belongs to, or `nil` to leave it out of the structure tree.
        var structureItem: Int?
        /// A file to open instead (a path relative to this PDF): the link then carries a `GoToR` action to the
        /// file's first page, and the target page and position are ignored.
        var file: String? = nil

        static func == (a: Link, b: Link) -> Bool {
            a.page == b.page && a.rect == b.rect && a.targetPage == b.targetPage && a.targetX == b.targetX
                && a.targetY == b.targetY && a.structureItem == b.structureItem && a.file == b.file
        }
    }

    /// The page height in points, to flip y into PDF's bottom-up coordinates.
    var pageHeight: Double

    /// Adds the links to an update.
    ///
    /// In a tagged PDF each annotation also gets a `Link` structure element (holding an object reference to
    /// it) under its structure parent, a `/StructParent` entry in the parent tree, and its page `/Tabs /S`, so
    /// assistive technology finds the links in reading order (PDF 1.7 §14.8.4.4.2).
    /// - Parameters:
    ///   - links: The links.
    ///   - structureParents: The structure elements links may belong to, by ``Link/structureItem``.
    /// - Throws: ``TypesettingError/unreadablePDF(reason:)`` if a link points past the last page or a page
    ///   object is not a dictionary.
    func annotate(_ update: PDFIncrementalUpdate, links: [Link], structureParents: [Int] = []) throws {
        guard !links.isEmpty else { return }
        var tree = try StructureLinks(update)
        let pages = try update.reader.pageNumbers()
        guard pages.count >= (links.map { max($0.page, $0.targetPage) }.max() ?? 0) else {
            throw TypesettingError.unreadablePDF(reason: "links point past the \(pages.count) pages")
        }
        let byPage = Dictionary(grouping: links, by: \.page)
        for page in byPage.keys.sorted() {
            var pageObject = try update.dictionary(pages[page - 1])
            var annotations = pageObject["Annots"]?.array ?? []
            for link in byPage[page] ?? [] {
                let x1 = link.rect.x
                let y1 = pageHeight - link.rect.y - link.rect.height
                let rect = [x1, y1, x1 + link.rect.width, y1 + link.rect.height].map { PDFValue.number(f($0)) }
                let destination: [PDFValue] = [
                    .reference(pages[link.targetPage - 1], 0), .name("XYZ"), .number(f(link.targetX)),
                    .number(f(pageHeight - link.targetY)), .integer(0),
                ]
                var annotation = PDFDictionary([
                    ("Type", .name("Annot")), ("Subtype", .name("Link")),
                    ("Border", .array([.integer(0), .integer(0), .integer(0)])), ("Rect", .array(rect)),
                ])
                if let file = link.file {
                    annotation["A"] = .dictionary(
                        PDFDictionary([
                            ("S", .name("GoToR")), ("F", .string(Array(file.utf8))),
                            ("D", .array([.integer(0), .name("Fit")])), ("NewWindow", .boolean(true)),
                        ]))
                } else {
                    annotation["Dest"] = .array(destination)
                }
                let number = update.add(.dictionary(annotation))
                let parent = link.structureItem.flatMap {
                    structureParents.indices.contains($0) ? structureParents[$0] : nil
                }
                if let parent, var structure = tree {
                    annotation["StructParent"] = .integer(
                        try structure.addLink(annotation: number, page: pages[page - 1], parent: parent))
                    update.replace(number, with: .dictionary(annotation))
                    tree = structure
                    pageObject["Tabs"] = .name("S")
                }
                annotations.append(.reference(number, 0))
            }
            pageObject["Annots"] = .array(annotations)
            update.replace(pages[page - 1], with: .dictionary(pageObject))
        }
        try tree?.finish()
    }

    private func f(_ value: Double) -> String { String(format: "%.2f", value) }
}
