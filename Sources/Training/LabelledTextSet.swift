import Foundation

/// Labelled documents to train on: JSON Lines (`{"text": …, "label": …}` per line; the
/// `corpus.jsonl` of `dossier corpus`, whose lines also carry `labelNames`, or a `"file"` path relative to the
/// JSONL file instead of `"text"`) or a folder with one sub-folder of `.txt` files per label.
public struct LabelledTextSet: Sendable {
    /// Text and label name of each document, in file order.
    public var documents: [Document] = []
    /// Label names in class order when the data declares them (`labelNames`), else empty.
    public var declaredLabels: [String] = []

    /// One labelled document.
    public struct Document: Sendable, Equatable {
        public var text: String
        /// The label's name, e.g. `"approve"`.
        public var label: String

        public init(text: String, label: String) { (self.text, self.label) = (text, label) }
    }

    public init(documents: [Document] = [], declaredLabels: [String] = []) {
        (self.documents, self.declaredLabels) = (documents, declaredLabels)
    }

    /// Reads a `.jsonl` file, a folder holding `corpus.jsonl`, or a folder of label sub-folders.
    /// - Throws: ``TrainingError/unreadableData(path:reason:)`` naming the file (and line) and what is wrong.
    public static func read(path: String) throws -> LabelledTextSet {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw TrainingError.unreadableData(path: path, reason: "no such file or folder")
        }
        if !isDirectory.boolValue { return try readJSONLines(URL(fileURLWithPath: path)) }
        let folder = URL(fileURLWithPath: path, isDirectory: true)
        let corpus = folder.appendingPathComponent("corpus.jsonl")
        if FileManager.default.fileExists(atPath: corpus.path) { return try readJSONLines(corpus) }
        return try readFolders(folder)
    }

    private struct Line: Decodable {
        var text: String?
        var file: String?
        var label: String
        var labelNames: [String]?
    }

    private static func readJSONLines(_ url: URL) throws -> LabelledTextSet {
        let content: String
        do {
            content = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw TrainingError.unreadableData(path: url.path, reason: "cannot read as UTF-8 text")
        }
        var set = LabelledTextSet()
        let decoder = JSONDecoder()
        for (number, line) in content.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy(\.isWhitespace) {
            let parsed: Line
            do {
                parsed = try decoder.decode(Line.self, from: Data(line.utf8))
            } catch {
                throw TrainingError.unreadableData(
                    path: "\(url.path):\(number + 1)", reason: "expected a JSON object with \"text\" and \"label\"")
            }
            var text = parsed.text
            if text == nil, let file = parsed.file {
                let target = url.deletingLastPathComponent().appendingPathComponent(file)
                text = try? String(contentsOf: target, encoding: .utf8)
                guard text != nil else {
                    throw TrainingError.unreadableData(
                        path: "\(url.path):\(number + 1)", reason: "cannot read \"file\" \(target.path)")
                }
            }
            guard let text, !text.isEmpty else {
                throw TrainingError.unreadableData(
                    path: "\(url.path):\(number + 1)", reason: "no \"text\" (or readable \"file\")")
            }
            if set.declaredLabels.isEmpty, let names = parsed.labelNames { set.declaredLabels = names }
            set.documents.append(Document(text: text, label: parsed.label))
        }
        guard !set.documents.isEmpty else { throw TrainingError.unreadableData(path: url.path, reason: "no documents") }
        return set
    }

    private static func readFolders(_ folder: URL) throws -> LabelledTextSet {
        let manager = FileManager.default
        let labels = ((try? manager.contentsOfDirectory(atPath: folder.path)) ?? []).filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".")
                && manager.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
        var set = LabelledTextSet()
        for label in labels {
            let sub = folder.appendingPathComponent(label)
            let files = ((try? manager.contentsOfDirectory(atPath: sub.path)) ?? []).filter { $0.hasSuffix(".txt") }
            for file in files.sorted() {
                let url = sub.appendingPathComponent(file)
                guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                    throw TrainingError.unreadableData(path: url.path, reason: "cannot read as UTF-8 text")
                }
                set.documents.append(Document(text: text, label: label))
            }
        }
        guard !set.documents.isEmpty else {
            throw TrainingError.unreadableData(
                path: folder.path, reason: "no corpus.jsonl and no label sub-folders holding .txt files")
        }
        return set
    }
}
