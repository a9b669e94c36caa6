import Foundation

/// Changes a finished PDF by appending new and replaced objects after its `%%EOF` (PDF 1.7 §7.5.6).
///
/// Cairo 1.16 writes several PDF features brokenly or not at all (link annotations, named destinations,
/// alternative text, document language, attachments), so the document writers add them here after Cairo has
/// finished: the original bytes stay untouched, the appended cross-reference section is chained to Cairo's with
/// `/Prev`, and objects are written in number order so identical input gives identical bytes.
final class PDFIncrementalUpdate {
    /// The PDF as it was before this update.
    let reader: PDFObjectReader
    /// Replaced and added objects by number: a value, and for streams the data.
    private var changes: [Int: (value: PDFValue, stream: [UInt8]?)] = [:]
    /// The next free object number.
    private(set) var nextNumber: Int

    /// Starts an update of a PDF.
    ///
    /// - Throws: ``TypesettingError/unreadablePDF(reason:)`` if the PDF cannot be indexed.
    init(_ pdf: Data) throws {
        reader = try PDFObjectReader(pdf)
        let highest = reader.offsets.keys.max() ?? 0
        nextNumber = max(reader.trailer["Size"]?.integer ?? 0, highest + 1)
    }

    /// Whether anything was added or replaced.
    var hasChanges: Bool { !changes.isEmpty }

    /// The current value of object `number`: as replaced in this update, else as in the file.
    func value(_ number: Int) throws -> PDFValue {
        if let changed = changes[number] { return changed.value }
        return try reader.object(number).value
    }

    /// The current dictionary of object `number`.
    ///
    /// - Throws: ``TypesettingError/unreadablePDF(reason:)`` when it is not a dictionary.
    func dictionary(_ number: Int) throws -> PDFDictionary {
        guard let dictionary = try value(number).dictionary else {
            throw TypesettingError.unreadablePDF(reason: "object \(number) is not a dictionary")
        }
        return dictionary
    }

    /// Follows a reference to the current value of its object.
    func resolve(_ value: PDFValue) throws -> PDFValue {
        guard let number = value.reference else { return value }
        return try self.value(number)
    }

    /// Replaces object `number` (not a stream) with a new value.
    func replace(_ number: Int, with value: PDFValue) {
        changes[number] = (value, nil)
    }

    /// Adds an object and returns its number.
    @discardableResult
    func add(_ value: PDFValue) -> Int {
        let number = nextNumber
        nextNumber += 1
        changes[number] = (value, nil)
        return number
    }

    /// Adds an uncompressed stream; `/Length` is set from the data.
    @discardableResult
    func addStream(_ dictionary: PDFDictionary, data: [UInt8]) -> Int {
        var dictionary = dictionary
        dictionary["Length"] = .integer(data.count)
        let number = add(.dictionary(dictionary))
        changes[number] = (.dictionary(dictionary), data)
        return number
    }

    /// The catalog's object number.
    var rootNumber: Int { reader.rootNumber }

    /// The PDF with the update appended; the original bytes when nothing changed.
    func write() -> Data {
        guard !changes.isEmpty else { return Data(reader.bytes) }
        var output = reader.bytes
        if output.last != 0x0A { output.append(0x0A) }
        var offsets: [(number: Int, offset: Int)] = []
        for number in changes.keys.sorted() {
            guard let change = changes[number] else { continue }
            offsets.append((number, output.count))
            output += Array("\(number) 0 obj\n\(change.value.serialized)\n".utf8)
            if let stream = change.stream {
                output += Array("stream\n".utf8) + stream + Array("\nendstream\n".utf8)
            }
            output += Array("endobj\n".utf8)
        }
        let xrefOffset = output.count
        var xref = "xref\n"
        var index = 0
        while index < offsets.count {
            // One subsection per run of consecutive object numbers.
            var end = index + 1
            while end < offsets.count, offsets[end].number == offsets[end - 1].number + 1 { end += 1 }
            xref += "\(offsets[index].number) \(end - index)\n"
            for entry in offsets[index..<end] { xref += String(format: "%010d 00000 n \n", entry.offset) }
            index = end
        }
        var trailer = reader.trailer
        trailer["Size"] = .integer(nextNumber)
        trailer["Prev"] = .integer(reader.startXref)
        xref += "trailer\n\(trailer.serialized)\nstartxref\n\(xrefOffset)\n%%EOF\n"
        output += Array(xref.utf8)
        return Data(output)
    }
}
