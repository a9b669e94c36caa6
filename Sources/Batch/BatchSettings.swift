import Dossier
import Foundation

/// `batch.json`: what a batch folder was made with and which documents it must hold. `--resume` refuses a folder
/// made with other settings; `dossier merge` checks shards against it.
public struct BatchSettings: Sendable, Codable, Equatable {
    public var kind = "attention-dossier-batch"
    public var schemaVersion = 1
    public var toolVersion: String
    /// The input as given.
    public var input: String
    /// Documents in the whole input (every shard).
    public var inputDocuments: Int
    public var model: String
    /// SHA-256 over the model files' names and digests.
    public var modelSHA256: String
    public var template: String
    public var templateSHA256: String
    public var audience: String
    public var trustLevel: String
    public var windowSize: Int?
    public var windowStride: Int?
    public var maximumCharacters: Int
    /// The decision date of every dossier whose row gives none (`--date`, else the day the batch started).
    public var decisionDate: String?
    public var shard: Shard
    /// The ids this folder must hold, sorted, and their file stems.
    public var ids: [String]
    public var stems: [String: String]

    /// The differences that make `other` a different run, in words; without `comparingIDs` the two may hold
    /// different ids of one input (shards).
    public func differences(from other: BatchSettings, comparingIDs: Bool = true) -> [String] {
        var result: [String] = []
        if modelSHA256 != other.modelSHA256 { result.append("the model's files differ") }
        if templateSHA256 != other.templateSHA256 { result.append("the template differs") }
        if audience != other.audience { result.append("audience \(other.audience) ≠ \(audience)") }
        if trustLevel != other.trustLevel { result.append("trust level \(other.trustLevel) ≠ \(trustLevel)") }
        if shard != other.shard { result.append("shard \(other.shard) ≠ \(shard)") }
        if inputDocuments != other.inputDocuments || (comparingIDs && ids != other.ids) {
            result.append("the input's documents differ")
        }
        if windowSize != other.windowSize || windowStride != other.windowStride {
            result.append("window options differ")
        }
        if maximumCharacters != other.maximumCharacters { result.append("--max-characters differs") }
        if decisionDate != other.decisionDate {
            result.append(
                "decision date \(other.decisionDate ?? "none") ≠ \(decisionDate ?? "none") (give the same --date)")
        }
        if toolVersion != other.toolVersion { result.append("tool version \(other.toolVersion) ≠ \(toolVersion)") }
        return result
    }

    /// Reads a folder's `batch.json`.
    /// - Throws: `BatchError.input` naming the file.
    public static func read(_ url: URL) throws -> BatchSettings {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw BatchError.input(file: url.path, detail: "cannot be read")
        }
        do {
            return try JSONDecoder().decode(BatchSettings.self, from: data)
        } catch {
            throw BatchError.input(file: url.path, detail: "not a batch settings file (batch.json)")
        }
    }

    func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try BatchFiles.write(try encoder.encode(self), to: url)
    }

    /// SHA-256 over `name  sha256` lines of a model's files.
    static func modelDigest(_ files: [DossierRecord.FileDigest]) -> String {
        SHA256.hex(Data(files.map { "\($0.name)  \($0.sha256)\n" }.joined().utf8))
    }
}
