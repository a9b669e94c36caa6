/// The structure types this module tags content with (PDF 1.7 §14.8.4), passed to Cairo as tag names.
///
/// Cairo 1.16 writes a structure tree that `qpdf --check` accepts (`/StructTreeRoot`, `/ParentTree`, marked
/// content with MCIDs, leaf elements continued across pages with marked-content references), but it rejects the
/// `Artifact` tag (`CAIRO_STATUS_TAG_ERROR`), ignores attributes on structure tags (no `/Alt`), drops an
/// element's own content from `/K` once it has child elements, and does not resume an element's marked content
/// after a nested element ends. So page furniture is tagged ``artifact``, elements open at a page break are
/// reopened as ``continuation``, and ``PDFStructureUpdater`` repairs the tree after Cairo finishes.
enum StructureElement: String {
    case document = "Document"
    case heading1 = "H1"
    case heading2 = "H2"
    case heading3 = "H3"
    case paragraph = "P"
    case table = "Table"
    case tableRow = "TR"
    case tableHeaderCell = "TH"
    case tableCell = "TD"
    case caption = "Caption"
    case figure = "Figure"
    case tableOfContents = "TOC"
    case tableOfContentsItem = "TOCI"
    /// The part of an element drawn on a later page: open elements are closed at the end of a page and reopened
    /// with this tag after the next page's running header, then merged back into the element they continue.
    case continuation = "NonStruct"
    /// Page furniture (running header, footer, repeated table header): tagged `Private` for Cairo, then taken
    /// out of the structure tree.
    case artifact = "Private"

    /// The heading element for a level, clamped to 1…3.
    static func heading(level: Int) -> StructureElement {
        switch level {
        case ...1: return .heading1
        case 2: return .heading2
        default: return .heading3
        }
    }
}
