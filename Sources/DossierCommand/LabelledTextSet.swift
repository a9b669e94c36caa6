import Foundation

/// Labelled documents read for `dossier train`: JSON Lines (`{"text": …, "label": …}` per line; the
/// `corpus.jsonl` of `dossier corpus`, whose lines also carry `labelNames`, or a `"file"` path relative to the
/// JSONL file instead of `"text"`) or a folder with one sub-folder of `.txt` files per label.
struct LabelledTextSet {
    /// Text and label name of each document, in file order.
    var documents: [(text: String, label: String)] = []
    /// Label names in class order when the data declares them (`labelNames`), else empty.
    var declaredLabels: [String] = []

    /// A problem with the training data, naming the file and line.
    struct ReadError: Error, CustomStringConvertible {
        let description: String
    }

    /// Reads a `.jsonl` file, a folder holding `corpus.jsonl`, or a folder of label sub-folders.
    static func read(path: String) throws -> LabelledTextSet {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ReadError(description: "\(path): no such file or folder")
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
            throw ReadError(description: "\(url.path): cannot read as UTF-8 text")
        }
        var set = LabelledTextSet()
        let decoder = JSONDecoder()
        for (number, line) in content.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy(\.isWhitespace) {
            let parsed: Line
            do {
                parsed = try decoder.decode(Line.self, from: Data(line.utf8))
            } catch {
                throw ReadError(
                    description: "\(url.path):\(number + 1): expected a JSON object with \"text\" and \"label\"")
            }
            var text = parsed.text
            if text == nil, let file = parsed.file {
                let target = url.deletingLastPathComponent().appendingPathComponent(file)
                text = try? String(contentsOf: target, encoding: .utf8)
                guard text != nil else {
                    throw ReadError(description: "\(url.path):\(number + 1): cannot read \"file\" \(target.path)")
                }
            }
            guard let text, !text.isEmpty else {
                throw ReadError(description: "\(url.path):\(number + 1): no \"text\" (or readable \"file\")")
            }
            if set.declaredLabels.isEmpty, let names = parsed.labelNames { set.declaredLabels = names }
            set.documents.append((text, parsed.label))
        }
        guard !set.documents.isEmpty else { throw ReadError(description: "\(url.path): no documents") }
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
                    throw ReadError(description: "\(url.path): cannot read as UTF-8 text")
                }
                set.documents.append((text, label))
            }
        }
        guard !set.documents.isEmpty else {
            throw ReadError(
                description: "\(folder.path): no corpus.jsonl and no label sub-folders holding .txt files")
        }
        return set
    }
}
