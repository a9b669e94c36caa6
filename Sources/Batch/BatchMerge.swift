import Dossier
import Foundation
import Typesetting

/// Joins the folders of a sharded batch into one: checks that they are shards of one run (same input, model,
/// template and options), that together they are all N shards, that no id is in two of them and that every id a
/// shard had to make is in its manifest; then copies the files and writes the manifest, CSV, index and sums.
public enum BatchMerge {
    /// What a merge joined.
    public struct Result: Sendable {
        public var shards: Int
        public var entries: [ManifestEntry]
    }

    /// Merges `shards` (folders written by `dossier batch --shard K/N`) into `output`.
    /// - Throws: `BatchError.merge` naming what is missing, doubled or different; `BatchError.unwritable`.
    public static func merge(shards folders: [URL], into output: URL, fonts: FontLibrary) throws -> Result {
        guard !folders.isEmpty else { throw BatchError.merge("no shard folders given") }
        var settings: [BatchSettings] = []
        var manifests: [[ManifestEntry]] = []
        for folder in folders {
            let settingsURL = folder.appendingPathComponent("batch.json")
            guard FileManager.default.fileExists(atPath: settingsURL.path) else {
                throw BatchError.merge("\(folder.path) holds no batch.json: not a batch folder")
            }
            settings.append(try BatchSettings.read(settingsURL))
            manifests.append(try Manifest.read(folder.appendingPathComponent("manifest.jsonl")).entries)
        }
        let first = settings[0]
        let count = first.shard.count
        for (folder, shard) in zip(folders, settings) {
            var expected = first
            expected.shard = shard.shard
            let differences = expected.differences(from: shard, comparingIDs: false)
            guard differences.isEmpty else {
                throw BatchError.merge(
                    "\(folder.path) is not a shard of the same run as \(folders[0].path): "
                        + differences.joined(separator: "; "))
            }
            guard shard.shard.count == count else {
                throw BatchError.merge("\(folder.path) is shard \(shard.shard), the others are of \(count)")
            }
        }
        var seenShards: [Int: URL] = [:]
        for (folder, shard) in zip(folders, settings) {
            if let other = seenShards[shard.shard.index] {
                throw BatchError.merge("shard \(shard.shard) is given twice: \(other.path) and \(folder.path)")
            }
            seenShards[shard.shard.index] = folder
        }
        let missingShards = (1...count).filter { seenShards[$0] == nil }
        guard missingShards.isEmpty else {
            throw BatchError.merge(
                "shard\(missingShards.count > 1 ? "s" : "") \(missingShards.map { "\($0)/\(count)" }.joined(separator: ", ")) missing"
            )
        }
        var owner: [String: URL] = [:]
        var entries: [ManifestEntry] = []
        var stems: [String: String] = [:]
        for (index, folder) in folders.enumerated() {
            let shard = settings[index]
            let byID = Dictionary(manifests[index].map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            guard byID.count == manifests[index].count else {
                throw BatchError.merge("\(folder.path)/manifest.jsonl lists an id twice")
            }
            let missing = shard.ids.filter { byID[$0] == nil }
            guard missing.isEmpty else {
                throw BatchError.merge(
                    "\(folder.path) is unfinished: \(missing.count) of its \(shard.ids.count) documents are not in its "
                        + "manifest (first: '\(missing[0])'); run its batch again with --resume")
            }
            for entry in manifests[index] {
                guard shard.ids.contains(entry.id) else {
                    throw BatchError.merge("\(folder.path) holds '\(entry.id)', which is not one of its shard's ids")
                }
                if let other = owner[entry.id] {
                    throw BatchError.merge("'\(entry.id)' is in both \(other.path) and \(folder.path)")
                }
                owner[entry.id] = folder
                entries.append(entry)
            }
            stems.merge(shard.stems) { a, _ in a }
        }
        guard entries.count == first.inputDocuments else {
            throw BatchError.merge(
                "the shards hold \(entries.count) documents but the input has \(first.inputDocuments)")
        }

        let dossiers = output.appendingPathComponent(BatchRunner.dossierFolder, isDirectory: true)
        if FileManager.default.fileExists(atPath: output.appendingPathComponent("batch.json").path) {
            throw BatchError.output(folder: output.path, detail: "already holds a batch; merge into a new folder")
        }
        do {
            try FileManager.default.createDirectory(at: dossiers, withIntermediateDirectories: true)
        } catch {
            throw BatchError.unwritable(file: dossiers.path, reason: "cannot create the folder")
        }
        for entry in entries {
            guard let source = owner[entry.id] else { continue }
            for name in [entry.pdf, entry.json].compactMap({ $0 }) {
                let from = source.appendingPathComponent(name)
                guard let data = FileManager.default.contents(atPath: from.path) else {
                    throw BatchError.merge("\(from.path) is in the manifest but missing")
                }
                try BatchFiles.write(data, to: output.appendingPathComponent(name))
            }
        }
        var merged = first
        merged.shard = .whole
        merged.ids = entries.map(\.id).sorted()
        merged.stems = stems
        try merged.write(to: output.appendingPathComponent("batch.json"))
        let sorted = entries.sorted { $0.id < $1.id }
        try BatchPackage.finish(folder: output, entries: sorted, settings: merged, fonts: fonts)
        return Result(shards: count, entries: sorted)
    }
}
