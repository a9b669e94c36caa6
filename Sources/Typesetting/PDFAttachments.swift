import Foundation

/// Reads back the files embedded in a PDF this module wrote.
public enum PDFAttachments {
    /// The embedded files of a PDF, by file name.
    ///
    /// Walks the catalog's `/Names /EmbeddedFiles` name tree to each file specification and returns its
    /// embedded stream's bytes. The name is the file specification's `/UF` (else `/F`, else the name-tree key).
    ///
    /// - Parameter pdf: A PDF written by ``DocumentBuilder``.
    /// - Returns: Each file's bytes by name; empty when the PDF has no attachments.
    /// - Throws: ``TypesettingError/unreadablePDF(reason:)`` for a PDF this reader cannot follow (cross-reference
    ///   streams, compressed or damaged embedded files), naming what it found.
    public static func extract(from pdf: Data) throws -> [String: Data] {
        let reader = try PDFObjectReader(pdf)
        let catalog = try reader.dictionary(reader.rootNumber)
        guard let names = try reader.resolve(catalog["Names"] ?? .null).dictionary,
            let tree = try reader.resolve(names["EmbeddedFiles"] ?? .null).dictionary
        else { return [:] }
        var files: [String: Data] = [:]
        func visit(_ node: PDFDictionary, depth: Int) throws {
            guard depth < 32 else {
                throw TypesettingError.unreadablePDF(reason: "the embedded-file name tree is too deep (or loops)")
            }
            for kid in node["Kids"]?.array ?? [] {
                guard let kid = try reader.resolve(kid).dictionary else { continue }
                try visit(kid, depth: depth + 1)
            }
            let pairs = node["Names"]?.array ?? []
            for index in stride(from: 0, to: pairs.count - 1, by: 2) {
                guard let specification = try reader.resolve(pairs[index + 1]).dictionary else {
                    throw TypesettingError.unreadablePDF(reason: "embedded file entry \(index / 2) is not a dictionary")
                }
                let name = specification["UF"]?.text ?? specification["F"]?.text ?? pairs[index].text ?? "attachment"
                files[name] = try data(of: specification, named: name, reader: reader)
            }
        }
        try visit(tree, depth: 0)
        return files
    }

    /// The bytes of a file specification's embedded file stream.
    private static func data(of specification: PDFDictionary, named name: String, reader: PDFObjectReader) throws
        -> Data
    {
        guard let embedded = specification["EF"].flatMap({ try? reader.resolve($0).dictionary }),
            let number = (embedded["F"] ?? embedded["UF"])?.reference
        else { throw TypesettingError.unreadablePDF(reason: "attachment '\(name)' has no embedded file stream") }
        let (value, range) = try reader.object(number)
        guard let range, let dictionary = value.dictionary else {
            throw TypesettingError.unreadablePDF(reason: "attachment '\(name)' (object \(number)) is not a stream")
        }
        if let filter = dictionary["Filter"], filter != .array([]) {
            throw TypesettingError.unreadablePDF(
                reason: "attachment '\(name)' is compressed with \(filter.serialized); only stored files are read")
        }
        return Data(reader.bytes[range])
    }
}
