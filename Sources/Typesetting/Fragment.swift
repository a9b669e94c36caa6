/// An unbreakable slice of content: a line of text, a table row, a figure.
final class Fragment {
    /// Height in points.
    let height: Double
    /// Space above it, dropped when it starts a page.
    let spaceBefore: Double
    /// Whether a page may not end right after it (headings, first line of a paragraph, …).
    var keepWithNext: Bool
    /// Drawn before this fragment when it starts a page (a table's header row).
    var continuationHeader: Fragment?
    /// Whether this is a forced page break (it has no height and draws nothing).
    let isPageBreak: Bool
    /// The heading anchor this fragment carries, if any.
    let anchor: String?
    /// The title of the section a level-1 heading starts, shown in the running header.
    var sectionTitle: String?
    /// Structure elements opened before drawing, outermost first, e.g. `[.paragraph]` on a paragraph's first line.
    var structureBegins: [StructureElement] = []
    /// Structure elements closed after drawing, innermost first, e.g. `[.paragraph]` on its last line.
    var structureEnds: [StructureElement] = []
    /// Draws the fragment with its top-left corner at (x, y).
    let draw: (RenderContext, Double, Double) throws -> Void

    /// A fragment.
    init(
        height: Double, spaceBefore: Double = 0, keepWithNext: Bool = false, anchor: String? = nil,
        isPageBreak: Bool = false, draw: @escaping (RenderContext, Double, Double) throws -> Void
    ) {
        self.height = height
        self.spaceBefore = spaceBefore
        self.keepWithNext = keepWithNext
        self.anchor = anchor
        self.isPageBreak = isPageBreak
        self.draw = draw
    }

    /// A forced page break.
    static func pageBreak() -> Fragment { Fragment(height: 0, isPageBreak: true) { _, _, _ in } }
}
