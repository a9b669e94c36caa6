import Foundation

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
