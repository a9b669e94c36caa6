import Foundation
import Support

/// `manifest.jsonl`: one line per finished document, appended after the document's files are in place.
///
/// Each line goes out in a single `write(2)` on a file opened for appending, so a crash leaves at worst a torn
/// last line; reading drops it (and `--resume` cuts it off before appending again).
public final class Manifest: @unchecked Sendable {
    public let url: URL
    /// The entries the manifest held when it was opened (a torn last line left out).
    public let existingEntries: [ManifestEntry]
    private let descriptor: Int32
    private let lock = NSLock()

    /// Opens (creating) the manifest for appending, first cutting off a torn last line.
    /// - Throws: `BatchError.input` when an earlier line is damaged (nothing is cut then),
    ///   `BatchError.unwritable`.
    public init(appendingTo url: URL) throws {
        self.url = url
        let existing =
            FileManager.default.fileExists(atPath: url.path) ? try Manifest.read(url) : (entries: [], validBytes: 0)
        existingEntries = existing.entries
        descriptor = open(url.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw BatchError.unwritable(file: url.path, reason: String(cString: strerror(errno)))
        }
        let size = lseek(descriptor, 0, SEEK_END)
        if size > existing.validBytes, ftruncate(descriptor, off_t(existing.validBytes)) != 0 {
            throw BatchError.unwritable(file: url.path, reason: String(cString: strerror(errno)))
        }
    }

    deinit { close(descriptor) }

    /// Appends one entry.
    /// - Throws: `BatchError.unwritable` (disk full, …); the file then holds no part of the line.
    public func append(_ entry: ManifestEntry) throws {
        let line = try entry.line()
        lock.lock()
        defer { lock.unlock() }
        let before = lseek(descriptor, 0, SEEK_END)
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == line.count else {
            let reason = written < 0 ? String(cString: strerror(errno)) : "short write (disk full?)"
            _ = ftruncate(descriptor, before)
            throw BatchError.unwritable(file: url.path, reason: reason)
        }
    }

    /// The entries of a manifest and how many bytes of it are whole lines; a last line without its newline or
    /// that does not decode is left out.
    /// - Throws: `BatchError.input` when an earlier line does not decode (the manifest was edited or damaged).
    public static func read(_ url: URL) throws -> (entries: [ManifestEntry], validBytes: Int) {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw BatchError.input(file: url.path, detail: "cannot be read")
        }
        return try parse(data, file: url.path)
    }

    /// The entries of a manifest's bytes (see ``read(_:)``); `file` names it in errors.
    public static func parse(_ data: Data, file: String) throws -> (entries: [ManifestEntry], validBytes: Int) {
        var entries: [ManifestEntry] = []
        var offset = 0
        var lineNumber = 0
        let decoder = JSONDecoder()
        while offset < data.count {
            lineNumber += 1
            guard let newline = data[offset...].firstIndex(of: UInt8(ascii: "\n")) else { break }
            let line = data[offset..<newline]
            guard let entry = try? decoder.decode(ManifestEntry.self, from: line) else {
                if newline + 1 >= data.count { break }
                throw BatchError.input(file: file, detail: "line \(lineNumber) is not a manifest entry")
            }
            entries.append(entry)
            offset = newline + 1
        }
        return (entries, offset)
    }

    /// Rewrites the manifest atomically with `entries` sorted by id (the final form of a finished batch).
    public static func rewrite(_ entries: [ManifestEntry], to url: URL) throws {
        var data = Data()
        for entry in entries.sorted(by: { $0.id < $1.id }) { data += try entry.line() }
        try BatchFiles.write(data, to: url)
    }
}

/// Atomic writes with the batch's error type.
enum BatchFiles {
    static func write(_ data: Data, to url: URL) throws {
        do {
            try AtomicFile.write(data, to: url)
        } catch let failure as AtomicFile.Failure {
            throw BatchError.unwritable(file: failure.file, reason: failure.reason)
        }
    }
}
