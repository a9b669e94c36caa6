import Foundation

/// Completes the document catalog Cairo 1.16 writes: language, viewer preferences, XMP metadata and attached
/// files, merged with the entries Cairo already wrote (`/Pages`, `/Outlines`, `/StructTreeRoot`, `/MarkInfo`).
struct PDFCatalogUpdater {
    /// The document language, BCP 47, e.g. "en".
    var language: String
    /// The metadata mirrored into the XMP packet.
    var metadata: DocumentMetadata
    /// The files to embed, in the order they were attached.
    var attachments: [PDFAttachment]

    /// Adds the catalog entries and attachment objects to an update.
    ///
    /// - Throws: ``TypesettingError/unreadablePDF(reason:)`` if the catalog cannot be read.
    func apply(to update: PDFIncrementalUpdate) throws {
        var catalog = try update.dictionary(update.rootNumber)
        catalog["Lang"] = .text(language)
        catalog["MarkInfo"] = .dictionary(PDFDictionary([("Marked", .boolean(true))]))
        var preferences = try update.resolve(catalog["ViewerPreferences"] ?? .null).dictionary ?? PDFDictionary()
        preferences["DisplayDocTitle"] = .boolean(true)
        catalog["ViewerPreferences"] = .dictionary(preferences)
        catalog["PageMode"] = .name("UseOutlines")
        let producer = try producerName(update)
        let xmp = XMPPacket(metadata: metadata, language: language, producer: producer).bytes
        let metadataStream = update.addStream(
            PDFDictionary([("Type", .name("Metadata")), ("Subtype", .name("XML"))]), data: xmp)
        catalog["Metadata"] = .reference(metadataStream, 0)
        if !attachments.isEmpty { try embed(into: &catalog, update: update) }
        update.replace(update.rootNumber, with: .dictionary(catalog))
    }

    /// The `/Producer` of the information dictionary, for the XMP packet to agree with it.
    private func producerName(_ update: PDFIncrementalUpdate) throws -> String {
        guard let info = update.reader.trailer["Info"], let dictionary = try update.resolve(info).dictionary else {
            return "cairo"
        }
        return dictionary["Producer"]?.text ?? "cairo"
    }

    /// Writes the embedded file streams and file specifications, the `/EmbeddedFiles` name tree and `/AF`.
    private func embed(into catalog: inout PDFDictionary, update: PDFIncrementalUpdate) throws {
        var entries: [(key: [UInt8], specification: Int)] = []
        var usedKeys: Set<[UInt8]> = []
        var associated = catalog["AF"]?.array ?? []
        for attachment in attachments {
            let stream = update.addStream(
                PDFDictionary([
                    ("Type", .name("EmbeddedFile")), ("Subtype", .escapedName(attachment.mimeType)),
                    ("Params", .dictionary(PDFDictionary([("Size", .integer(attachment.data.count))]))),
                ]), data: [UInt8](attachment.data))
            let asciiName = String(
                attachment.name.unicodeScalars.map { $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "_" })
            let specification = update.add(
                .dictionary(
                    PDFDictionary([
                        ("Type", .name("Filespec")), ("F", .text(asciiName)), ("UF", .text(attachment.name)),
                        ("Desc", .text(attachment.description)), ("AFRelationship", .name("Data")),
                        (
                            "EF",
                            .dictionary(PDFDictionary([("F", .reference(stream, 0)), ("UF", .reference(stream, 0))]))
                        ),
                    ])))
            // Name-tree keys must be unique: a repeated name gets " (2)", " (3)", … in its key only.
            var key = Self.bytes(of: .text(attachment.name))
            var copy = 1
            while usedKeys.contains(key) {
                copy += 1
                key = Self.bytes(of: .text("\(attachment.name) (\(copy))"))
            }
            usedKeys.insert(key)
            entries.append((key, specification))
            associated.append(.reference(specification, 0))
        }
        // Name-tree keys are sorted by their bytes (PDF 1.7 §7.9.6).
        entries.sort { $0.key.lexicographicallyPrecedes($1.key) }
        let tree = PDFDictionary([
            ("Names", .array(entries.flatMap { [PDFValue.string($0.key), .reference($0.specification, 0)] }))
        ])
        var names = try update.resolve(catalog["Names"] ?? .null).dictionary ?? PDFDictionary()
        names["EmbeddedFiles"] = .dictionary(tree)
        if let shared = catalog["Names"]?.reference {
            update.replace(shared, with: .dictionary(names))
        } else {
            catalog["Names"] = .dictionary(names)
        }
        catalog["AF"] = .array(associated)
    }

    private static func bytes(of value: PDFValue) -> [UInt8] {
        if case .string(let bytes) = value { return bytes }
        return []
    }
}
