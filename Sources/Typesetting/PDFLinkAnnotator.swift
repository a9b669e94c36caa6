import Foundation

/// Adds internal link annotations to a finished Cairo PDF by an incremental update.
///
/// Cairo 1.16's own link tags (`CAIRO_TAG_LINK`) write a page's `/Annots` array but never the annotation
/// objects, leaving a cross-reference table that `qpdf --check` reports as damaged. This writer appends, after
/// Cairo's `%%EOF`, a new version of each linked page object with an `/Annots` array, the `/Link` annotations
/// with explicit `/XYZ` destinations, and a cross-reference section chained to Cairo's with `/Prev` (PDF 1.7
/// §7.5.6), so the original bytes stay untouched and the output stays deterministic.
struct PDFLinkAnnotator {
    /// A clickable rectangle on one page pointing at a position on another.
    struct Link: Equatable {
        /// The 1-based page the rectangle is on.
        var page: Int
        /// The rectangle in points from the top-left of the page: x, y, width, height.
        var rect: (x: Double, y: Double, width: Double, height: Double)
        /// The 1-based target page.
        var targetPage: Int
        /// The target position in points from the top-left of the target page.
        var targetX: Double
        var targetY: Double

        static func == (a: Link, b: Link) -> Bool {
            a.page == b.page && a.rect == b.rect && a.targetPage == b.targetPage && a.targetX == b.targetX
                && a.targetY == b.targetY
        }
    }

    /// The page height in points, to flip y into PDF's bottom-up coordinates.
    var pageHeight: Double

    /// Returns the PDF with the links added.
    ///
    /// - Throws: ``TypesettingError/cairo(operation:status:)`` if the PDF does not have the structure Cairo 1.16
    ///   writes (classic cross-reference table, flat page tree).
    func annotate(_ pdf: Data, links: [Link]) throws -> Data {
        guard !links.isEmpty else { return pdf }
        let bytes = [UInt8](pdf)
        let tail = String(decoding: bytes.suffix(4096), as: UTF8.self)
        guard let previousXref = Self.integer(after: "startxref", in: tail),
            let trailerStart = tail.range(of: "trailer", options: .backwards)
        else { throw failure("no classic trailer") }
        let trailer = String(tail[trailerStart.lowerBound...])
        guard let size = Self.integer(after: "/Size", in: trailer), let root = Self.integer(after: "/Root", in: trailer)
        else { throw failure("trailer lacks /Size or /Root") }
        let info = Self.integer(after: "/Info", in: trailer)

        let offsets = try Self.objectOffsets(bytes, xrefOffset: previousXref)
        func objectText(_ number: Int, in bytes: [UInt8]) -> String? {
            Self.objectText(number, at: offsets[number], in: bytes)
        }
        guard let catalog = objectText(root, in: bytes), let pagesRoot = Self.integer(after: "/Pages", in: catalog),
            let pagesObject = objectText(pagesRoot, in: bytes),
            let kidsStart = pagesObject.range(of: "/Kids"),
            let open = pagesObject.range(of: "[", range: kidsStart.upperBound..<pagesObject.endIndex),
            let close = pagesObject.range(of: "]", range: open.upperBound..<pagesObject.endIndex)
        else { throw failure("cannot find the page list") }
        let tokens = pagesObject[open.upperBound..<close.lowerBound].split(whereSeparator: \.isWhitespace)
        var pages: [Int] = []
        var k = 0
        while k + 2 < tokens.count {
            if tokens[k + 2] == "R", let number = Int(tokens[k]) { pages.append(number) }
            k += 3
        }
        guard pages.count >= (links.map { max($0.page, $0.targetPage) }.max() ?? 0) else {
            throw failure("links point past the \(pages.count) pages")
        }

        var output = bytes
        if output.last != 0x0A { output.append(0x0A) }
        var written: [(number: Int, offset: Int)] = []
        var next = size
        func append(_ number: Int, _ body: String) {
            written.append((number, output.count))
            output += Array("\(number) 0 obj\n\(body)\nendobj\n".utf8)
        }
        let byPage = Dictionary(grouping: links, by: \.page)
        for page in byPage.keys.sorted() {
            guard let pageLinks = byPage[page], let pageText = objectText(pages[page - 1], in: bytes),
                let end = pageText.range(of: ">>", options: .backwards), !pageText.contains("/Annots")
            else { throw failure("page \(page) object is not a plain dictionary") }
            var annotations: [Int] = []
            for link in pageLinks {
                let x1 = link.rect.x
                let y1 = pageHeight - link.rect.y - link.rect.height
                let body =
                    "<< /Type /Annot /Subtype /Link /Border [0 0 0] "
                    + "/Rect [\(f(x1)) \(f(y1)) \(f(x1 + link.rect.width)) \(f(y1 + link.rect.height))] "
                    + "/Dest [\(pages[link.targetPage - 1]) 0 R /XYZ \(f(link.targetX)) \(f(pageHeight - link.targetY)) 0] >>"
                append(next, body)
                annotations.append(next)
                next += 1
            }
            let list = annotations.map { "\($0) 0 R" }.joined(separator: " ")
            append(pages[page - 1], String(pageText[..<end.lowerBound]) + "   /Annots [ \(list) ]\n>>")
        }
        let xrefOffset = output.count
        var xref = "xref\n"
        for entry in written.sorted(by: { $0.number < $1.number }) {
            xref += "\(entry.number) 1\n" + String(format: "%010d 00000 n \n", entry.offset)
        }
        xref += "trailer\n<< /Size \(next)\n   /Root \(root) 0 R\n"
        if let info { xref += "   /Info \(info) 0 R\n" }
        xref += "   /Prev \(previousXref)\n>>\nstartxref\n\(xrefOffset)\n%%EOF\n"
        output += Array(xref.utf8)
        return Data(output)
    }

    private func f(_ value: Double) -> String { String(format: "%.2f", value) }

    private func failure(_ reason: String) -> TypesettingError {
        .cairo(operation: "adding link annotations", status: reason)
    }

    /// The byte offset of each object from a classic cross-reference table (one subsection starting at 0, as
    /// Cairo writes it).
    private static func objectOffsets(_ bytes: [UInt8], xrefOffset: Int) throws -> [Int: Int] {
        guard xrefOffset >= 0, xrefOffset < bytes.count else {
            throw TypesettingError.cairo(operation: "adding link annotations", status: "startxref out of range")
        }
        let text = String(decoding: bytes[xrefOffset..<min(bytes.count, xrefOffset + 64)], as: UTF8.self)
        let header = text.split(whereSeparator: \.isNewline).prefix(2)
        guard header.first == "xref", header.count == 2 else {
            throw TypesettingError.cairo(operation: "adding link annotations", status: "no classic xref table")
        }
        let numbers = header[header.startIndex + 1].split(separator: " ").compactMap { Int($0) }
        guard numbers.count == 2, numbers[0] == 0 else {
            throw TypesettingError.cairo(operation: "adding link annotations", status: "unexpected xref subsection")
        }
        // "xref\n" + "0 N\n", then 20-byte entries "oooooooooo ggggg n \n".
        var position = xrefOffset + 5 + header[header.startIndex + 1].utf8.count + 1
        var offsets: [Int: Int] = [:]
        for number in 0..<numbers[1] {
            guard position + 20 <= bytes.count else { break }
            let entry = String(decoding: bytes[position..<(position + 20)], as: UTF8.self)
            if entry.dropFirst(17).hasPrefix("n"), let offset = Int(entry.prefix(10)) { offsets[number] = offset }
            position += 20
        }
        return offsets
    }

    /// The dictionary text of object `number` (between `N 0 obj` and `endobj`), checked against its header.
    private static func objectText(_ number: Int, at offset: Int?, in bytes: [UInt8]) -> String? {
        guard let offset, offset >= 0, offset < bytes.count else { return nil }
        let marker = Array("\(number) 0 obj".utf8)
        guard offset + marker.count <= bytes.count, bytes[offset..<(offset + marker.count)].elementsEqual(marker),
            let end = find(Array("endobj".utf8), in: bytes, from: offset + marker.count)
        else { return nil }
        let text = String(decoding: bytes[(offset + marker.count)..<end], as: UTF8.self)
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        guard needle.count <= haystack.count, let first = needle.first else { return nil }
        var i = start
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first, haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// The first integer after a keyword, e.g. `/Size 40` → 40.
    private static func integer(after keyword: String, in text: String) -> Int? {
        guard let range = text.range(of: keyword, options: .backwards) else { return nil }
        let rest = text[range.upperBound...].drop { $0 == " " || $0 == "\n" || $0 == "\r" }
        return Int(rest.prefix { $0.isNumber })
    }
}
