import Dossier
import Foundation

/// Reads a batch's input into items: a folder of documents, a JSONL file or a CSV file.
///
/// - Folder: every non-hidden file below it, in path order; the id is the path relative to the folder without
///   its extension (with it when two files would share an id). Files of an unsupported type are kept as items
///   and fail with that reason, so nothing is silently left out.
/// - JSONL: one JSON object per line with `id` and either `text` or `path` (relative to the JSONL file's
///   folder), plus optional case fields (`caseId`, `action`, `decisionDate`, `creditType`, `reviewer`,
///   `reviewOutcome`, `overrideReason`, `reviewDate`, `contact`; snake_case spellings are accepted).
/// - CSV: a header row with the same column names.
///
/// A row that cannot be used (not JSON, no id, neither text nor path, a repeated id) becomes an item that fails
/// with the reason; only an input that cannot be read at all is an error.
public enum BatchInput {
    /// The case fields a row may carry, by their accepted spellings.
    static let caseFields: [(name: String, spellings: [String])] = [
        ("caseId", ["caseId", "case_id"]), ("action", ["action"]),
        ("decisionDate", ["decisionDate", "decision_date"]), ("creditType", ["creditType", "credit_type"]),
        ("reviewer", ["reviewer"]), ("reviewOutcome", ["reviewOutcome", "review_outcome"]),
        ("overrideReason", ["overrideReason", "override_reason"]), ("reviewDate", ["reviewDate", "review_date"]),
        ("contact", ["contact"]),
    ]
    static let knownColumns = Set(["id", "text", "path"] + caseFields.flatMap(\.spellings))

    /// Reads the input at `url`.
    /// - Throws: `BatchError.input` when the input does not exist, cannot be read, or is a CSV without the
    ///   columns it needs.
    public static func read(_ url: URL) throws -> [BatchItem] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw BatchError.input(file: url.path, detail: "no such file or folder")
        }
        let items: [BatchItem]
        if isDirectory.boolValue {
            items = try folder(url)
        } else {
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw BatchError.input(file: url.path, detail: "cannot be read (permission denied?)")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw BatchError.input(file: url.path, detail: "not UTF-8 text")
            }
            switch url.pathExtension.lowercased() {
            case "jsonl", "ndjson": items = jsonLines(text, file: url)
            case "csv": items = try csv(text, file: url)
            default:
                throw BatchError.input(
                    file: url.path,
                    detail: "a batch input is a folder, a .jsonl or a .csv file, not .\(url.pathExtension)")
            }
        }
        return markRepeatedIDs(items)
    }

    // MARK: - Folder

    static let documentExtensions: Set<String> = ["txt", "md", "markdown", "text", "json", "csv"]

    static func folder(_ root: URL) throws -> [BatchItem] {
        let rootPath = root.standardizedFileURL.path
        guard
            let enumerator = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: [.isRegularFileKey, .isDirectoryKey],
                options: [.skipsHiddenFiles])
        else { throw BatchError.input(file: root.path, detail: "cannot list the folder") }
        var paths: [(relative: String, url: URL)] = []
        for case let url as URL in enumerator {
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey])
            guard values?.isRegularFile == true else { continue }
            var relative = url.standardizedFileURL.path
            if relative.hasPrefix(rootPath + "/") { relative.removeFirst(rootPath.count + 1) }
            paths.append((relative, url))
        }
        paths.sort { $0.relative < $1.relative }
        let stems = paths.map { ($0.relative as NSString).deletingPathExtension }
        var stemCounts: [String: Int] = [:]
        for stem in stems { stemCounts[stem, default: 0] += 1 }
        return zip(paths, stems).map { entry, stem in
            let id = stemCounts[stem, default: 0] > 1 ? entry.relative : stem
            let fileExtension = entry.url.pathExtension.lowercased()
            let source: BatchItem.Source =
                documentExtensions.contains(fileExtension)
                ? .file(entry.url)
                : .invalid("unsupported document type '.\(fileExtension)' (use .txt, .md, .json or .csv)")
            return BatchItem(id: id, source: source, origin: entry.url.path)
        }
    }

    // MARK: - JSONL

    static func jsonLines(_ text: String, file: URL) -> [BatchItem] {
        var items: [BatchItem] = []
        let folder = file.deletingLastPathComponent()
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { continue }
            let origin = "\(file.path):\(index + 1)"
            guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any] else {
                items.append(BatchItem(id: "#line \(index + 1)", source: .invalid("not a JSON object"), origin: origin))
                continue
            }
            var fields: [String: String] = [:]
            var problem: String?
            for (key, value) in object {
                switch value {
                case let string as String: fields[key] = string
                case let number as NSNumber where key == "id": fields[key] = number.stringValue
                case is NSNull: continue
                default: problem = problem ?? "\"\(key)\" must be a string"
                }
            }
            items.append(item(fields: fields, problem: problem, origin: origin, line: index + 1, folder: folder))
        }
        return items
    }

    // MARK: - CSV

    static func csv(_ text: String, file: URL) throws -> [BatchItem] {
        let rows: [[String]]
        do {
            rows = try CSVRows.parse(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, path: file.path)
        } catch {
            throw BatchError.input(file: file.path, detail: "\(error)")
        }
        guard let header = rows.first?.map({ $0.trimmingCharacters(in: .whitespaces) }) else {
            throw BatchError.input(file: file.path, detail: "empty: expected a header row with id and text or path")
        }
        if let unknown = header.first(where: { !knownColumns.contains($0) }) {
            throw BatchError.input(
                file: file.path,
                detail: "unknown column '\(unknown)' (expected id, text or path, and case fields such as caseId)")
        }
        guard header.contains("id"), header.contains("text") || header.contains("path") else {
            throw BatchError.input(file: file.path, detail: "the header needs an 'id' column and 'text' or 'path'")
        }
        let folder = file.deletingLastPathComponent()
        var items: [BatchItem] = []
        for (index, row) in rows.enumerated().dropFirst() where !(row.count == 1 && row[0].isEmpty) {
            var fields: [String: String] = [:]
            for (column, value) in zip(header, row) where !value.isEmpty { fields[column] = value }
            let problem = row.count == header.count ? nil : "\(row.count) fields where the header has \(header.count)"
            items.append(
                item(
                    fields: fields, problem: problem, origin: "\(file.path):row \(index + 1)", line: index + 1,
                    folder: folder))
        }
        return items
    }

    // MARK: - Rows

    static func item(fields: [String: String], problem: String?, origin: String, line: Int, folder: URL)
        -> BatchItem
    {
        guard let id = fields["id"], !id.trimmingCharacters(in: .whitespaces).isEmpty else {
            return BatchItem(id: "#line \(line)", source: .invalid("no \"id\""), origin: origin)
        }
        if let problem { return BatchItem(id: id, source: .invalid(problem), origin: origin) }
        var details: [String: String] = [:]
        for (name, spellings) in caseFields {
            if let value = spellings.lazy.compactMap({ fields[$0] }).first { details[name] = value }
        }
        let caseDetails = CaseDetails(
            caseId: details["caseId"], action: details["action"], decisionDate: details["decisionDate"],
            creditType: details["creditType"], reviewer: details["reviewer"], reviewOutcome: details["reviewOutcome"],
            overrideReason: details["overrideReason"], reviewDate: details["reviewDate"], contact: details["contact"])
        let source: BatchItem.Source
        switch (fields["text"], fields["path"]) {
        case (let text?, nil): source = .text(text)
        case (nil, let path?):
            source = .file(path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path))
        case (_?, _?): source = .invalid("both \"text\" and \"path\" are given; give one")
        case (nil, nil): source = .invalid("neither \"text\" nor \"path\" is given")
        }
        return BatchItem(id: id, source: source, caseDetails: caseDetails, origin: origin)
    }

    /// A repeated id keeps its first row; each later row fails and is recorded under `id (origin)`.
    static func markRepeatedIDs(_ items: [BatchItem]) -> [BatchItem] {
        var first: [String: String] = [:]
        return items.map { item in
            guard let earlier = first[item.id] else {
                first[item.id] = item.origin
                return item
            }
            return BatchItem(
                id: "\(item.id) (\(item.origin))", source: .invalid("the id '\(item.id)' repeats \(earlier)"),
                origin: item.origin)
        }
    }
}
