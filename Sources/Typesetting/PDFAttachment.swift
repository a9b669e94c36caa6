import Foundation

/// A file embedded in a PDF, e.g. the machine-readable JSON record behind a dossier.
///
/// Written as an embedded file stream with a file specification whose `/AFRelationship` is `/Data`, listed in
/// the catalog's `/EmbeddedFiles` name tree and `/AF` array, so viewers show it in their attachments panel and
/// `pdfdetach -list` lists it. The bytes are stored uncompressed and come back exactly through `pdfdetach` or
/// ``PDFAttachments/extract(from:)``.
public struct PDFAttachment: Sendable {
    /// The file name shown to readers, e.g. "record.json".
    public var name: String
    /// The file's bytes.
    public var data: Data
    /// The MIME type, e.g. "application/json".
    public var mimeType: String
    /// A human-readable description, e.g. "Decision record (JSON)".
    public var description: String

    /// An attachment.
    ///
    /// - Parameters:
    ///   - name: The file name, e.g. "record.json".
    ///   - data: The bytes to embed.
    ///   - mimeType: The MIME type, e.g. "application/json".
    ///   - description: What the file is, e.g. "Decision record (JSON)".
    public init(name: String, data: Data, mimeType: String, description: String) {
        self.name = name
        self.data = data
        self.mimeType = mimeType
        self.description = description
    }
}
