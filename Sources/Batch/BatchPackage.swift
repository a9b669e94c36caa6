import Dossier
import Foundation
import Typesetting
import ZIPFoundation

/// The files that make a finished batch folder a package: the sorted manifest, its CSV view, the index PDF and
/// `SHA256SUMS`; and the ZIP archive handed to a regulator.
public enum BatchPackage {
    /// Finishes a batch folder from its manifest entries.
    /// - Throws: `BatchError.unwritable`, or a typesetting error for the index.
    static func finish(folder: URL, entries: [ManifestEntry], settings: BatchSettings, fonts: FontLibrary) throws {
        try Manifest.rewrite(entries, to: folder.appendingPathComponent("manifest.jsonl"))
        try BatchFiles.write(CSVWriter.table(entries), to: folder.appendingPathComponent("manifest.csv"))
        let index = try BatchIndex.render(entries: entries, settings: settings, fonts: fonts)
        try BatchFiles.write(index, to: folder.appendingPathComponent("index.pdf"))
        try writeChecksums(folder: folder, entries: entries)
    }

    /// The package's files relative to the folder, in a fixed order (SHA256SUMS itself excluded).
    static func packageFiles(entries: [ManifestEntry]) -> [String] {
        ["batch.json", "manifest.jsonl", "manifest.csv", "index.pdf"]
            + entries.flatMap { [$0.pdf, $0.json].compactMap { $0 } }
    }

    /// `SHA256SUMS` in `sha256sum` format (`<hex>  <path>`), checkable with `sha256sum -c`.
    static func writeChecksums(folder: URL, entries: [ManifestEntry]) throws {
        var lines = ""
        for name in packageFiles(entries: entries) {
            let url = folder.appendingPathComponent(name)
            guard let digest = try? SHA256.hex(ofFile: url) else {
                throw BatchError.input(file: url.path, detail: "listed in the manifest but missing")
            }
            lines += "\(digest)  \(name)\n"
        }
        try BatchFiles.write(Data(lines.utf8), to: folder.appendingPathComponent("SHA256SUMS"))
    }

    /// Writes one ZIP with every file of a finished batch folder and `SHA256SUMS` (to a temporary name, then
    /// renamed).
    /// - Throws: `BatchError` naming the archive or a missing file.
    public static func archive(folder: URL, to destination: URL) throws {
        let entries = try Manifest.read(folder.appendingPathComponent("manifest.jsonl")).entries
        let names = packageFiles(entries: entries) + ["SHA256SUMS"]
        let temporary = destination.deletingLastPathComponent().appendingPathComponent(
            ".\(destination.lastPathComponent).\(UUID().uuidString).partial")
        do {
            let archive = try Archive(url: temporary, accessMode: .create)
            for name in names {
                let url = folder.appendingPathComponent(name)
                guard FileManager.default.fileExists(atPath: url.path) else {
                    throw BatchError.input(file: url.path, detail: "listed in the manifest but missing")
                }
                try archive.addEntry(with: name, fileURL: url, compressionMethod: .deflate)
            }
        } catch let error as BatchError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw BatchError.unwritable(file: destination.path, reason: "\(error)")
        }
        guard rename(temporary.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw BatchError.unwritable(file: destination.path, reason: reason)
        }
    }
}
