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
    /// A document longer than the configured limit.
    case documentTooLong(file: String, characters: Int, limit: Int)
    /// An output could not be written.
    case unwritable(file: String, reason: String)
    /// A template folder, template file, style, taxonomy or threshold file that is missing or broken.
    case template(file: String, detail: String)
    /// A case record (`--record`) that is missing or malformed.
    case caseRecord(file: String, detail: String)
    /// An option value that cannot be used.
    case invalidOption(name: String, detail: String)
    /// The shipped fonts and templates were not found.
    case missingResources(searched: [String])
    /// A dossier PDF that carries no readable record.
    case notADossier(file: String, detail: String)
    /// A check of `dossier verify` failed.
    case verificationFailed(file: String, detail: String)

    public var description: String {
        switch self {
        case .unreadableDocument(let file, let reason): "\(file): cannot read: \(reason)"
        case .notText(let file, let detail): "\(file): not UTF-8 text: \(detail)"
        case .emptyDocument(let file): "\(file): the document has no text to classify"
        case .malformedDocument(let file, let detail): "\(file): \(detail)"
        case .unsupportedDocument(let file, let fileExtension):
            "\(file): unsupported document type '.\(fileExtension)' (use .txt, .md, .json or .csv)"
        case .documentTooLong(let file, let characters, let limit):
            "\(file): the document has \(characters) characters, more than the limit of \(limit) "
                + "(raise it with --max-characters)"
        case .unwritable(let file, let reason): "\(file): cannot write: \(reason)"
        case .template(let file, let detail): "\(file): \(detail)"
        case .caseRecord(let file, let detail): "\(file): \(detail)"
        case .invalidOption(let name, let detail): "\(name): \(detail)"
        case .missingResources(let searched):
            "fonts and templates not found (set DOSSIER_RESOURCES); looked in: \(searched.joined(separator: ", "))"
        case .notADossier(let file, let detail): "\(file): not a dossier made by this tool: \(detail)"
        case .verificationFailed(let file, let detail): "\(file): verification failed: \(detail)"
        }
    }
}
