import Dossier
import Foundation

/// One document of a batch, as the input describes it.
public struct BatchItem: Sendable, Equatable {
    /// Where the document's text comes from.
    public enum Source: Sendable, Equatable {
        /// A file, read with the dossier's document rules (`.txt`, `.md`, `.json`, `.csv`).
        case file(URL)
        /// Text given inline (a JSONL or CSV row's `text`).
        case text(String)
        /// The input row itself is unusable; the item is recorded as failed with this reason.
        case invalid(String)
    }

    /// The document's id as given (or as derived from a file name): unique within the batch.
    public var id: String
    public var source: Source
    /// Case fields from the row (JSONL / CSV); empty for a folder.
    public var caseDetails: CaseDetails
    /// Where the item was described, for error messages: "loans.jsonl:17" or a file path.
    public var origin: String

    public init(id: String, source: Source, caseDetails: CaseDetails = CaseDetails(), origin: String) {
        self.id = id
        self.source = source
        self.caseDetails = caseDetails
        self.origin = origin
    }
}
