/// Everything that can go wrong turning documents into dossiers, each case naming the file.
public enum DossierError: Error, CustomStringConvertible, Equatable {
    /// The document could not be read.
    case unreadableDocument(file: String, reason: String)
    /// The document is not valid UTF-8 text (binary, or another encoding).
    case notText(file: String, detail: String)
    /// The document has no text to classify.
    case emptyDocument(file: String)
    /// A JSON or CSV document that could not be parsed.
    case malformedDocument(file: String, detail: String)
    /// A document type the tool does not read.
    case unsupportedDocument(file: String, fileExtension: String)
    /// An output could not be written.
    case unwritable(file: String, reason: String)

    public var description: String {
        switch self {
        case .unreadableDocument(let file, let reason): "\(file): cannot read: \(reason)"
        case .notText(let file, let detail): "\(file): not UTF-8 text: \(detail)"
        case .emptyDocument(let file): "\(file): the document has no text to classify"
        case .malformedDocument(let file, let detail): "\(file): \(detail)"
        case .unsupportedDocument(let file, let fileExtension):
            "\(file): unsupported document type '.\(fileExtension)' (use .txt, .md, .json or .csv)"
        case .unwritable(let file, let reason): "\(file): cannot write: \(reason)"
        }
    }
}
