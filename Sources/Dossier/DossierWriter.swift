import Foundation
import Support

/// Writes a dossier's files so that nothing half-written is ever left: every file goes to a temporary name
/// beside its destination and is renamed into place only when all were written; on any error none is left.
public enum DossierWriter {
    /// Writes the PDF and, optionally, the JSON sidecar.
    /// - Throws: `DossierError.unwritable` naming the file; no destination is changed.
    public static func write(_ dossier: Dossier, pdf: URL?, json: URL?) throws {
        var outputs: [(Data, URL)] = []
        if let pdf { outputs.append((dossier.pdf, pdf)) }
        if let json { outputs.append((dossier.json, json)) }
        try writeAll(outputs)
    }

    /// Writes several files all or nothing.
    public static func writeAll(_ outputs: [(Data, URL)]) throws {
        var written: [(temporary: URL, destination: URL)] = []
        func cleanUp() { for entry in written { try? FileManager.default.removeItem(at: entry.temporary) } }
        for (data, destination) in outputs {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: destination.path, isDirectory: &isDirectory),
                isDirectory.boolValue
            {
                cleanUp()
                throw DossierError.unwritable(file: destination.path, reason: "a folder is in the way")
            }
            let folder = destination.deletingLastPathComponent()
            let temporary = folder.appendingPathComponent(
                ".\(destination.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).partial")
            do {
                try data.write(to: temporary)
                written.append((temporary, destination))
            } catch {
                try? FileManager.default.removeItem(at: temporary)
                cleanUp()
                let exists = FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory)
                throw DossierError.unwritable(
                    file: destination.path,
                    reason: !exists
                        ? "the folder does not exist"
                        : !isDirectory.boolValue
                            ? "not in a folder"
                            : AtomicFile.reason(error))
            }
        }
        for (index, entry) in written.enumerated() where rename(entry.temporary.path, entry.destination.path) != 0 {
            let reason = String(cString: strerror(errno))
            for later in written[index...] { try? FileManager.default.removeItem(at: later.temporary) }
            for earlier in written[..<index] { try? FileManager.default.removeItem(at: earlier.destination) }
            throw DossierError.unwritable(file: entry.destination.path, reason: reason)
        }
    }
}
