import Foundation
import Support

/// Writes a corpus to a directory: `<id>.txt` per document plus `corpus.jsonl`.
///
/// Every file is written to a temporary file in the same directory and then renamed over its final name, so
/// a reader never sees a half-written file.
public struct CorpusWriter: Sendable {
    /// The output directory.
    public let directory: URL

    /// Creates a writer for `directory`; nothing is touched until ``write(_:jsonLinesName:)``.
    public init(directory: URL) {
        self.directory = directory
    }

    /// Creates the directory if needed and writes every document's text and the JSON Lines index.
    ///
    /// - Parameters:
    ///   - documents: The documents.
    ///   - jsonLinesName: The index file's name, default `corpus.jsonl`.
    /// - Returns: The URLs written, text files first.
    /// - Throws: ``CorpusError`` naming the path that failed.
    @discardableResult
    public func write(_ documents: [CorpusDocument], jsonLinesName: String = "corpus.jsonl") throws -> [URL] {
        try prepareDirectory()
        var written: [URL] = []
        for document in documents {
            written.append(try writeFile(named: document.id + ".txt", contents: document.text))
        }
        written.append(try writeFile(named: jsonLinesName, contents: try CorpusDocument.jsonLines(documents)))
        return written
    }

    /// Creates the directory (and its parents) unless it exists; fails if the path is a file.
    public func prepareDirectory() throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw CorpusError.notADirectory(path: directory.path) }
            return
        }
        // Name the ancestor that blocks creation (a file where a directory should be) rather than Foundation's
        // generic error.
        var ancestor = directory.deletingLastPathComponent()
        while ancestor.path != "/" && !ancestor.path.isEmpty {
            if FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory) {
                guard isDirectory.boolValue else { throw CorpusError.notADirectory(path: ancestor.path) }
                break
            }
            ancestor = ancestor.deletingLastPathComponent()
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw CorpusError.cannotCreateDirectory(path: directory.path, reason: AtomicFile.reason(error))
        }
    }

    /// Writes `contents` as UTF-8 to `name` inside the directory, atomically (`AtomicFile`).
    @discardableResult
    public func writeFile(named name: String, contents: String) throws -> URL {
        let target = directory.appendingPathComponent(name)
        do {
            try AtomicFile.write(Data(contents.utf8), to: target)
        } catch let failure as AtomicFile.Failure {
            throw CorpusError.cannotWrite(path: failure.file, reason: failure.reason)
        }
        return target
    }
}
