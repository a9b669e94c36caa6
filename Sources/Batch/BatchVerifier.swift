import Dossier
import Foundation
import ZIPFoundation

/// Rechecks a batch folder or its ZIP archive against its manifest: every listed file present with the recorded
/// SHA-256, and no unlisted dossier; `SHA256SUMS` agrees with the files.
public enum BatchVerifier {
    /// One problem found, naming the file.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var detail: String
        public var description: String { "\(file): \(detail)" }
    }

    /// The outcome: documents checked and every problem.
    public struct Report: Sendable {
        public var documents: Int
        public var filesChecked: Int
        public var problems: [Problem]
    }

    /// Verifies a batch folder or a `.zip` made with `--archive`.
    /// - Throws: `BatchError.input` when it is neither (no manifest).
    public static func verify(_ url: URL) throws -> Report {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw BatchError.input(file: url.path, detail: "no such file or folder")
        }
        if isDirectory.boolValue {
            return try verify(files: FolderFiles(root: url), name: url.path)
        }
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw BatchError.input(file: url.path, detail: "not a ZIP archive")
        }
        return try verify(files: ArchiveFiles(archive: archive), name: url.path)
    }

    static func verify(files: some BatchFileSource, name: String) throws -> Report {
        guard let manifestData = files.data("manifest.jsonl") else {
            throw BatchError.input(file: name, detail: "holds no manifest.jsonl: not a batch folder or archive")
        }
        let entries = try Manifest.parse(manifestData, file: "\(name)/manifest.jsonl").entries
        var problems: [Problem] = []
        var checked = 0
        var listed: Set<String> = []
        var ids: Set<String> = []
        for entry in entries {
            if !ids.insert(entry.id).inserted {
                problems.append(Problem(file: "manifest.jsonl", detail: "lists '\(entry.id)' twice"))
            }
            for (path, digest) in [(entry.pdf, entry.sha256.pdf), (entry.json, entry.sha256.json)] {
                guard let path else { continue }
                listed.insert(path)
                checked += 1
                guard let data = files.data(path) else {
                    problems.append(Problem(file: path, detail: "missing (listed for '\(entry.id)')"))
                    continue
                }
                let actual = SHA256.hex(data)
                if actual != digest {
                    problems.append(
                        Problem(
                            file: path,
                            detail:
                                "modified: SHA-256 \(actual.prefix(16))… differs from the manifest's \((digest ?? "none").prefix(16))…"
                        ))
                }
            }
        }
        for path in files.list() where path.hasPrefix(BatchRunner.dossierFolder + "/") && !listed.contains(path) {
            problems.append(Problem(file: path, detail: "not listed in the manifest"))
        }
        if let sums = files.data("SHA256SUMS").flatMap({ String(data: $0, encoding: .utf8) }) {
            for line in sums.split(separator: "\n") {
                let parts = line.split(separator: " ", maxSplits: 1)
                guard parts.count == 2 else { continue }
                let path = parts[1].trimmingCharacters(in: .whitespaces)
                guard !listed.contains(path) else { continue }  // dossiers were checked against the manifest
                checked += 1
                guard let data = files.data(path) else {
                    problems.append(Problem(file: path, detail: "missing (listed in SHA256SUMS)"))
                    continue
                }
                if SHA256.hex(data) != parts[0] {
                    problems.append(Problem(file: path, detail: "modified: SHA-256 differs from SHA256SUMS"))
                }
            }
        } else {
            problems.append(Problem(file: "SHA256SUMS", detail: "missing"))
        }
        return Report(documents: entries.count, filesChecked: checked, problems: problems)
    }
}

/// Files of a batch, from a folder or an archive.
protocol BatchFileSource {
    func data(_ path: String) -> Data?
    func list() -> [String]
}

struct FolderFiles: BatchFileSource {
    let root: URL
    func data(_ path: String) -> Data? { FileManager.default.contents(atPath: root.appendingPathComponent(path).path) }
    func list() -> [String] {
        let folder = root.appendingPathComponent(BatchRunner.dossierFolder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.map { "\(BatchRunner.dossierFolder)/\($0)" }.sorted()
    }
}

struct ArchiveFiles: BatchFileSource {
    let archive: Archive
    func data(_ path: String) -> Data? {
        guard let entry = archive[path] else { return nil }
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
        } catch {
            return nil
        }
        return data
    }
    func list() -> [String] { archive.map(\.path).sorted() }
}
