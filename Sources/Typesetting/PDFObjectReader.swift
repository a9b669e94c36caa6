import Foundation

/// Random access to the objects of a PDF with classic cross-reference tables, as Cairo 1.16 and
/// ``PDFIncrementalUpdate`` write them.
///
/// Follows the chain of cross-reference sections from the last `startxref` through each trailer's `/Prev`
/// (PDF 1.7 §7.5.4–7.5.6), newer entries winning, so it reads a file after any number of incremental updates.
/// Cross-reference streams and object streams (PDF 1.5 compression) are not supported and reported as
/// ``TypesettingError/unreadablePDF(reason:)``.
struct PDFObjectReader {
    /// The whole file.
    let bytes: [UInt8]
    /// The newest trailer dictionary.
    let trailer: PDFDictionary
    /// The offset of the newest cross-reference section (the value after the last `startxref`).
    let startXref: Int
    /// The byte offset of each object in use, by object number.
    let offsets: [Int: Int]

    /// Indexes a PDF.
    ///
    /// - Throws: ``TypesettingError/unreadablePDF(reason:)`` when there is no `startxref`, a section is not a
    ///   classic table, or a trailer lacks `/Root`.
    init(_ data: Data) throws {
        bytes = [UInt8](data)
        let tail = String(decoding: bytes.suffix(1024), as: UTF8.self)
        guard let keyword = tail.range(of: "startxref", options: .backwards),
            let start = Int(tail[keyword.upperBound...].split(whereSeparator: \.isWhitespace).first ?? "")
        else { throw TypesettingError.unreadablePDF(reason: "no startxref near the end of the file") }
        startXref = start
        var offsets: [Int: Int] = [:]
        var newestTrailer: PDFDictionary?
        var next: Int? = start
        var visited: Set<Int> = []
        while let section = next {
            guard visited.insert(section).inserted else {
                throw TypesettingError.unreadablePDF(reason: "cross-reference sections form a loop at \(section)")
            }
            let (entries, trailer) = try Self.readSection(bytes, at: section)
            offsets.merge(entries) { newer, _ in newer }
            if newestTrailer == nil { newestTrailer = trailer }
            next = trailer["Prev"]?.integer
        }
        guard let newestTrailer, newestTrailer["Root"]?.reference != nil else {
            throw TypesettingError.unreadablePDF(reason: "the trailer has no /Root")
        }
        trailer = newestTrailer
        self.offsets = offsets
    }

    /// One classic cross-reference section and its trailer; entries found later in the chain are older.
    private static func readSection(_ bytes: [UInt8], at offset: Int) throws -> ([Int: Int], PDFDictionary) {
        guard offset >= 0, offset < bytes.count else {
            throw TypesettingError.unreadablePDF(reason: "cross-reference offset \(offset) is outside the file")
        }
        var parser = PDFValueParser(bytes, at: offset)
        guard parser.token() == "xref" else {
            throw TypesettingError.unreadablePDF(
                reason: "no classic cross-reference table at byte \(offset) (cross-reference streams are not read)")
        }
        var entries: [Int: Int] = [:]
        while true {
            let word = parser.token()
            if word == "trailer" { break }
            guard let first = Int(word), let count = Int(parser.token()), count >= 0 else {
                throw TypesettingError.unreadablePDF(reason: "bad cross-reference subsection near byte \(offset)")
            }
            for number in first..<(first + count) {
                guard let position = Int(parser.token()), Int(parser.token()) != nil else {
                    throw TypesettingError.unreadablePDF(reason: "bad cross-reference entry for object \(number)")
                }
                if parser.token() == "n" { entries[number] = position }
            }
        }
        guard case .dictionary(let trailer) = try parser.value() else {
            throw TypesettingError.unreadablePDF(reason: "the trailer near byte \(offset) is not a dictionary")
        }
        return (entries, trailer)
    }

    /// The object number of the document catalog.
    var rootNumber: Int { trailer["Root"]?.reference ?? 0 }

    /// Reads object `number`.
    ///
    /// - Returns: The object's value, and for a stream the range of its data bytes.
    /// - Throws: ``TypesettingError/unreadablePDF(reason:)`` when the object is missing or malformed.
    func object(_ number: Int) throws -> (value: PDFValue, stream: Range<Int>?) {
        var parser = try objectParser(number)
        let value = try parser.value()
        guard parser.token(peek: true) == "stream", case .dictionary(let dictionary) = value else {
            return (value, nil)
        }
        _ = parser.token()
        var start = parser.position
        if start < bytes.count, bytes[start] == 0x0D { start += 1 }
        if start < bytes.count, bytes[start] == 0x0A { start += 1 }
        // An indirect /Length is read without stream handling, so a length pointing at a stream cannot recurse.
        let lengthValue = try dictionary["Length"].map { try $0.reference.map(plainValue) ?? $0 }
        guard let length = lengthValue?.integer, length >= 0,
            start + length <= bytes.count
        else { throw TypesettingError.unreadablePDF(reason: "stream object \(number) has no usable /Length") }
        return (value, start..<(start + length))
    }

    /// The value of object `number`, ignoring any stream data after it.
    private func plainValue(_ number: Int) throws -> PDFValue {
        var parser = try objectParser(number)
        return try parser.value()
    }

    /// A parser positioned after object `number`'s `N G obj` header.
    private func objectParser(_ number: Int) throws -> PDFValueParser {
        guard let offset = offsets[number], offset >= 0, offset < bytes.count else {
            throw TypesettingError.unreadablePDF(reason: "object \(number) is not in the cross-reference table")
        }
        var parser = PDFValueParser(bytes, at: offset)
        guard Int(parser.token()) == number, Int(parser.token()) != nil, parser.token() == "obj" else {
            throw TypesettingError.unreadablePDF(reason: "object \(number) is not at byte \(offset)")
        }
        return parser
    }

    /// Follows a reference to its object's value; other values are returned as they are.
    func resolve(_ value: PDFValue) throws -> PDFValue {
        guard let number = value.reference else { return value }
        return try object(number).value
    }

    /// The dictionary of object `number`.
    ///
    /// - Throws: ``TypesettingError/unreadablePDF(reason:)`` when it is missing or not a dictionary.
    func dictionary(_ number: Int) throws -> PDFDictionary {
        guard let dictionary = try object(number).value.dictionary else {
            throw TypesettingError.unreadablePDF(reason: "object \(number) is not a dictionary")
        }
        return dictionary
    }

    /// The page objects in order, read from a flat or nested page tree.
    func pageNumbers() throws -> [Int] {
        guard let root = try dictionary(rootNumber)["Pages"]?.reference else {
            throw TypesettingError.unreadablePDF(reason: "the catalog has no /Pages")
        }
        var pages: [Int] = []
        func visit(_ number: Int, depth: Int) throws {
            guard depth < 32 else { throw TypesettingError.unreadablePDF(reason: "page tree too deep") }
            let node = try dictionary(number)
            if node["Type"]?.name == "Pages" {
                for kid in node["Kids"]?.array ?? [] {
                    if let kid = kid.reference { try visit(kid, depth: depth + 1) }
                }
            } else {
                pages.append(number)
            }
        }
        try visit(root, depth: 0)
        return pages
    }
}
