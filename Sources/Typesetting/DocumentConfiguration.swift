import Foundation

/// Everything about a document that is not content: paper, margins, metadata, running header and footer,
/// type sizes.
public struct DocumentConfiguration: Hashable, Sendable {
    /// The paper size of every page.
    public var pageSize: PageSize
    /// The margins.
    public var margins: Margins
    /// The PDF metadata.
    public var metadata: DocumentMetadata
    /// Text at the top left of every page, e.g. the document title; `nil` for none.
    public var runningHeader: String?
    /// Footer template; `{page}` and `{pages}` are replaced, e.g. "Page {page} of {pages}".
    public var footerFormat: String
    /// Body text size in points, e.g. 10.5.
    public var bodySize: Double
    /// Heading sizes by level (1, 2, 3), in points.
    public var headingSizes: [Double]
    /// The language of the text as a BCP 47 tag, e.g. "en" or "de-CH"; written as the catalog's `/Lang` and in
    /// the XMP metadata, so screen readers pick the right voice.
    public var language: String

    /// A configuration with A4 paper and standard margins unless told otherwise.
    public init(
        pageSize: PageSize = .a4, margins: Margins = .standard, metadata: DocumentMetadata = DocumentMetadata(),
        runningHeader: String? = nil, footerFormat: String = "Page {page} of {pages}", bodySize: Double = 10.5,
        headingSizes: [Double] = [17, 13.5, 11.5], language: String = "en"
    ) {
        self.pageSize = pageSize
        self.margins = margins
        self.metadata = metadata
        self.runningHeader = runningHeader
        self.footerFormat = footerFormat
        self.bodySize = bodySize
        self.headingSizes = headingSizes
        self.language = language
    }

    /// The width between the side margins.
    public var contentWidth: Double { pageSize.width - margins.left - margins.right }
    /// The height between the top and bottom margins.
    public var contentHeight: Double { pageSize.height - margins.top - margins.bottom }

    /// Checks sizes are positive and leave room for content, and the language looks like a BCP 47 tag.
    func validate() throws {
        let values = [pageSize.width, pageSize.height, bodySize] + headingSizes
        guard values.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw TypesettingError.invalidValue(what: "document configuration", reason: "sizes must be positive")
        }
        let sides = [margins.top, margins.bottom, margins.left, margins.right]
        guard sides.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw TypesettingError.invalidValue(
                what: "document configuration", reason: "margins must be finite and not negative")
        }
        let subtags = language.split(separator: "-", omittingEmptySubsequences: false)
        guard !language.isEmpty,
            subtags.allSatisfy({
                (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
            })
        else {
            throw TypesettingError.invalidValue(
                what: "document language '\(language)'", reason: "not a BCP 47 tag such as \"en\" or \"de-CH\"")
        }
        guard contentWidth > 72, contentHeight > 72 else {
            throw TypesettingError.invalidValue(
                what: "document configuration", reason: "margins leave less than one inch for content")
        }
    }
}
