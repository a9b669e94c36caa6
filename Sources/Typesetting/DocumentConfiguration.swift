import Foundation

/// A page size in points (1/72 inch).
public struct PageSize: Hashable, Sendable {
    /// Width in points, e.g. 595.28 for A4.
    public var width: Double
    /// Height in points, e.g. 841.89 for A4.
    public var height: Double

    /// A page size in points.
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// ISO A4, 210 × 297 mm.
    public static let a4 = PageSize(width: 595.276, height: 841.89)
    /// US Letter, 8.5 × 11 in.
    public static let usLetter = PageSize(width: 612, height: 792)
}

/// Page margins in points; the running header and footer sit inside the top and bottom margins.
public struct Margins: Hashable, Sendable {
    /// Top margin, e.g. 64.
    public var top: Double
    /// Bottom margin, e.g. 64.
    public var bottom: Double
    /// Left margin, e.g. 56.
    public var left: Double
    /// Right margin, e.g. 56.
    public var right: Double

    /// Margins on each side.
    public init(top: Double, bottom: Double, left: Double, right: Double) {
        self.top = top
        self.bottom = bottom
        self.left = left
        self.right = right
    }

    /// The same margin on all four sides.
    public init(all: Double) { self.init(top: all, bottom: all, left: all, right: all) }

    /// 20 mm at the sides, 22 mm top and bottom.
    public static let standard = Margins(top: 62, bottom: 62, left: 56.7, right: 56.7)
}

/// The PDF document information dictionary.
public struct DocumentMetadata: Hashable, Sendable {
    /// Title, shown by viewers in the window title.
    public var title: String
    /// Subject, e.g. "Attribution dossier for document 42".
    public var subject: String
    /// Author.
    public var author: String
    /// Keywords, joined with ", " in the PDF.
    public var keywords: [String]
    /// The producing application, e.g. "Attention Dossier 0.1".
    public var creator: String
    /// The creation date written to the PDF; `nil` uses `SOURCE_DATE_EPOCH` if set, else 1970-01-01T00:00:00Z,
    /// so identical input gives a byte-identical file. Pass `Date()` to stamp the wall clock explicitly.
    public var creationDate: Date?

    /// Metadata; empty fields are left out of the PDF.
    public init(
        title: String = "", subject: String = "", author: String = "", keywords: [String] = [],
        creator: String = "Attention Dossier", creationDate: Date? = nil
    ) {
        self.title = title
        self.subject = subject
        self.author = author
        self.keywords = keywords
        self.creator = creator
        self.creationDate = creationDate
    }

    /// The date to write: the explicit one, else `SOURCE_DATE_EPOCH`, else the Unix epoch.
    func resolvedCreationDate(environment: [String: String] = ProcessInfo.processInfo.environment) -> Date {
        if let creationDate { return creationDate }
        if let epoch = environment["SOURCE_DATE_EPOCH"].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
            return Date(timeIntervalSince1970: TimeInterval(epoch))
        }
        return Date(timeIntervalSince1970: 0)
    }

    /// The date in the ISO 8601 form Cairo expects, in UTC, e.g. "2026-11-25T06:40:00Z".
    static func isoString(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

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

    /// A configuration with A4 paper and standard margins unless told otherwise.
    public init(
        pageSize: PageSize = .a4, margins: Margins = .standard, metadata: DocumentMetadata = DocumentMetadata(),
        runningHeader: String? = nil, footerFormat: String = "Page {page} of {pages}", bodySize: Double = 10.5,
        headingSizes: [Double] = [17, 13.5, 11.5]
    ) {
        self.pageSize = pageSize
        self.margins = margins
        self.metadata = metadata
        self.runningHeader = runningHeader
        self.footerFormat = footerFormat
        self.bodySize = bodySize
        self.headingSizes = headingSizes
    }

    /// The width between the side margins.
    public var contentWidth: Double { pageSize.width - margins.left - margins.right }
    /// The height between the top and bottom margins.
    public var contentHeight: Double { pageSize.height - margins.top - margins.bottom }

    /// Checks sizes are positive and leave room for content.
    func validate() throws {
        let values = [pageSize.width, pageSize.height, bodySize] + headingSizes
        guard values.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw TypesettingError.invalidValue(what: "document configuration", reason: "sizes must be positive")
        }
        guard contentWidth > 72, contentHeight > 72 else {
            throw TypesettingError.invalidValue(
                what: "document configuration", reason: "margins leave less than one inch for content")
        }
    }
}
