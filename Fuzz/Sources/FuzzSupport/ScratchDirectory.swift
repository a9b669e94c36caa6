import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A directory private to one fuzzing process, where each input is written as the file a loader reads.
///
/// The loaders under test take paths (they memory-map or read whole files), so every input goes through the
/// file system; the directory lives under `$TMPDIR` and is named after the target and the process id so that
/// several fuzzers and their forked jobs never share files.
public struct ScratchDirectory: Sendable {
    /// The directory, created on first use.
    public let url: URL

    /// Creates (or reuses) `$TMPDIR/dossier-fuzz-<name>-<pid>`, seeded with copies of `fixtures`.
    /// - Parameters:
    ///   - name: The fuzz target's name.
    ///   - fixtures: Files copied in once, by the name they get in the directory.
    public init(_ name: String, fixtures: [String: URL] = [:]) {
        url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dossier-fuzz-\(name)-\(ProcessInfo.processInfo.processIdentifier)", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (target, source) in fixtures {
            let destination = url.appendingPathComponent(target)
            try? FileManager.default.removeItem(at: destination)
            do {
                try FileManager.default.copyItem(at: source, to: destination)
            } catch {
                fatalError("fuzz set-up: cannot copy \(source.path): \(error)")  // the harness, not the input
            }
        }
    }

    /// Writes `bytes` to `name` inside the directory and returns its URL.
    @discardableResult
    public func write(_ bytes: UnsafeRawBufferPointer, to name: String) -> URL {
        let file = url.appendingPathComponent(name)
        // Plain open/write/close: Foundation's atomic write (temporary file + rename) costs more than the parse.
        let fd = open(file.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { fatalError("fuzz set-up: cannot write \(file.path)") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count, let base = bytes.baseAddress {
            let written = Glibc.write(fd, base + offset, bytes.count - offset)
            guard written > 0 else { fatalError("fuzz set-up: cannot write \(file.path)") }
            offset += written
        }
        return file
    }

    /// Removes `name` from the directory if it is there.
    public func remove(_ name: String) {
        try? FileManager.default.removeItem(at: url.appendingPathComponent(name))
    }
}

/// The repository's test fixtures, found from this source file's path (the fuzz targets run from a checkout).
public enum FuzzFixtures {
    /// `Tests/Fixtures` of the checkout this file belongs to.
    public static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tests/Fixtures", isDirectory: true)

    /// A file under `Tests/Fixtures`, e.g. `models/tiny-bert/config.json`.
    public static func file(_ relativePath: String) -> URL { directory.appendingPathComponent(relativePath) }
}
