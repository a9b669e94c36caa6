import Foundation

/// The text of a document as the classifier reads it, with where it came from.
///
/// - `.txt` and `.md`: the file's text as written (a UTF-8 byte-order mark removed; Markdown markup is kept,
///   since it is part of what the model reads).
/// - `.json`: the string field `"text"` if there is one; a form `{"fields": [{"field": …, "value": …}]}` as
///   `field: value` lines; any other JSON as `key.path: value` lines in document order of keys (sorted).
/// - `.csv` (RFC 4180 quoting): a two-column `field,value` form as `field: value` lines; otherwise each row as
///   `header: value` lines, rows separated by a blank line.
///
/// Character offsets in explanations refer to this text.
public struct DocumentText: Sendable, Equatable {
    /// The document's path.
    public var path: String
    /// The text the classifier reads.
    public var text: String
    /// How the text was obtained, e.g. "plain text", "JSON form fields".
    public var source: String

    public init(path: String, text: String, source: String) {
        self.path = path
        self.text = text
        self.source = source
    }

    /// Reads and converts a document.
    /// - Throws: `DossierError` naming the file: unreadable, not UTF-8, empty, malformed or unsupported.
    public static func load(_ url: URL) throws -> DocumentText {
        let path = url.path
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            throw DossierError.unreadableDocument(
                file: path,
                reason: !exists ? "no such file" : isDirectory.boolValue ? "is a directory" : "permission denied")
        }
        if data.contains(0) { throw DossierError.notText(file: path, detail: "contains NUL bytes (binary file?)") }
        guard var text = String(data: data, encoding: .utf8) else {
            throw DossierError.notText(file: path, detail: "invalid UTF-8 byte sequence")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let fileExtension = url.pathExtension.lowercased()
        let document: DocumentText
        switch fileExtension {
        case "txt", "md", "markdown", "text", "":
            document = DocumentText(path: path, text: text, source: fileExtension == "md" ? "Markdown" : "plain text")
        case "json":
            document = try fromJSON(data, path: path)
        case "csv":
            document = try fromCSV(text, path: path, inputBytes: data.count)
        default:
            throw DossierError.unsupportedDocument(file: path, fileExtension: fileExtension)
        }
        guard document.text.contains(where: { !$0.isWhitespace }) else { throw DossierError.emptyDocument(file: path) }
        return document
    }

    /// The most characters a conversion may produce from `inputBytes` of JSON or CSV: repeating keys and headers
    /// on every line grows text, but a small file that would expand to gigabytes (a wide header over many
    /// empty rows, deeply nested arrays) is hostile, not a document.
    static func expansionLimit(inputBytes: Int) -> Int { 16 * inputBytes + (1 << 20) }

    // MARK: - JSON

    static func fromJSON(_ data: Data, path: String) throws -> DocumentText {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw DossierError.malformedDocument(file: path, detail: "invalid JSON")
        }
        if let map = object as? [String: Any], let text = map["text"] as? String {
            return DocumentText(path: path, text: text, source: "JSON text field")
        }
        if let map = object as? [String: Any], let fields = map["fields"] as? [[String: Any]] {
            let lines = try fields.enumerated().map { index, entry -> String in
                guard let name = entry["field"] as? String, let value = entry["value"] else {
                    throw DossierError.malformedDocument(
                        file: path, detail: "fields[\(index)] needs a string 'field' and a 'value'")
                }
                return "\(name): \(scalarText(value))"
            }
            return DocumentText(path: path, text: lines.joined(separator: "\n"), source: "JSON form fields")
        }
        var lines: [String] = []
        var budget = expansionLimit(inputBytes: data.count)
        try flatten(object, prefix: "", into: &lines, budget: &budget, path: path)
        return DocumentText(path: path, text: lines.joined(separator: "\n"), source: "JSON values")
    }

    /// Appends one `key.path: value` line per leaf, spending `budget` (UTF-8 bytes) as it goes.
    private static func flatten(
        _ value: Any, prefix: String, into lines: inout [String], budget: inout Int, path: String
    ) throws {
        if let map = value as? [String: Any] {
            for key in map.keys.sorted() {
                try flatten(
                    map[key] as Any, prefix: prefix.isEmpty ? key : "\(prefix).\(key)", into: &lines, budget: &budget,
                    path: path)
            }
        } else if let array = value as? [Any] {
            for (i, element) in array.enumerated() {
                try flatten(element, prefix: "\(prefix)[\(i)]", into: &lines, budget: &budget, path: path)
            }
        } else {
            let line = prefix.isEmpty ? scalarText(value) : "\(prefix): \(scalarText(value))"
            budget -= line.utf8.count + 1
            guard budget >= 0 else {
                throw DossierError.malformedDocument(
                    file: path, detail: "its key paths would expand to more than 16 times the file's size")
            }
            lines.append(line)
        }
    }

    private static func scalarText(_ value: Any) -> String {
        switch value {
        case let string as String: string
        case is NSNull: ""
        case let number as NSNumber: number.stringValue
        default: "\(value)"
        }
    }

    // MARK: - CSV

    static func fromCSV(_ text: String, path: String, inputBytes: Int? = nil) throws -> DocumentText {
        let rows = try CSVRows.parse(text, path: path).filter { !($0.count == 1 && $0[0].isEmpty) }
        guard let header = rows.first else { throw DossierError.emptyDocument(file: path) }
        let body = rows.dropFirst()
        let lowered = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if lowered == ["field", "value"] {
            let lines = body.map { row in "\(row.first ?? ""): \(row.count > 1 ? row[1] : "")" }
            return DocumentText(path: path, text: lines.joined(separator: "\n"), source: "CSV form fields")
        }
        // Every record repeats the whole header: measure before building (UTF-8 bytes, as the limit).
        let headerBytes = header.reduce(0) { $0 + $1.utf8.count + 3 }
        let (repeated, overflow) = headerBytes.multipliedReportingOverflow(by: body.count)
        let limit = expansionLimit(inputBytes: inputBytes ?? text.utf8.count)
        guard !overflow, repeated <= limit else {
            throw DossierError.malformedDocument(
                file: path,
                detail: "\(header.count) columns repeated over \(body.count) rows would expand to more than 16 times "
                    + "the file's size")
        }
        let records = body.map { row in
            header.indices.map { "\(header[$0]): \($0 < row.count ? row[$0] : "")" }.joined(separator: "\n")
        }
        return DocumentText(path: path, text: records.joined(separator: "\n\n"), source: "CSV rows")
    }
}

/// An RFC 4180 CSV reader: commas, double-quoted fields with `""` escapes and embedded newlines.
public enum CSVRows {
    /// The rows of a CSV text, each a list of fields.
    /// - Throws: `DossierError.malformedDocument` naming `path` for an unterminated quoted field.
    public static func parse(_ text: String, path: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var iterator = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = iterator.next()
        var line = 1
        while let scalar = pending {
            pending = iterator.next()
            if inQuotes {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = iterator.next()
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty: inQuotes = true
            case ",":
                row.append(field)
                field = ""
            case "\r" where pending == "\n": continue
            case "\n", "\r":
                row.append(field)
                rows.append(row)
                row = []
                field = ""
                line += 1
            default: field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes {
            throw DossierError.malformedDocument(file: path, detail: "unterminated quoted field (line \(line))")
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}
