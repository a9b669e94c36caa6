import Dossier
import Foundation

/// How a batch is run.
public struct BatchOptions: Sendable {
    /// A folder of documents, a JSONL or a CSV file.
    public var input: URL
    /// The folder the batch writes (with a shard, its `shard-K-of-N` subfolder is used).
    public var output: URL
    /// Documents made at once (default: one per core).
    public var jobs: Int
    /// Go on with a batch folder that already holds part of this batch.
    public var resume: Bool
    public var shard: Shard
    /// The model's name as recorded (the path as given).
    public var modelName: String
    public var audience: Audience
    public var trustLevel: TrustLevel
    /// Decision date for rows that give none (default: today, UTC).
    public var decisionDate: String?
    public var windowSize: Int?
    public var windowStride: Int?
    public var maximumCharacters: Int
    /// The command line recorded in every dossier.
    public var commandLine: String

    public init(
        input: URL, output: URL, jobs: Int = ProcessInfo.processInfo.activeProcessorCount, resume: Bool = false,
        shard: Shard = .whole, modelName: String, audience: Audience = .regulator, trustLevel: TrustLevel = .quick,
        decisionDate: String? = nil, windowSize: Int? = nil, windowStride: Int? = nil,
        maximumCharacters: Int = DossierRequest.defaultMaximumCharacters, commandLine: String = ""
    ) {
        self.input = input
        self.output = output
        self.jobs = max(1, jobs)
        self.resume = resume
        self.shard = shard
        self.modelName = modelName
        self.audience = audience
        self.trustLevel = trustLevel
        self.decisionDate = decisionDate
        self.windowSize = windowSize
        self.windowStride = windowStride
        self.maximumCharacters = maximumCharacters
        self.commandLine = commandLine
    }

    /// The folder this task writes: `output`, or `output/shard-K-of-N` for a shard.
    public var folder: URL {
        shard.count > 1 ? output.appendingPathComponent(shard.folderName, isDirectory: true) : output
    }
}

/// What a finished (or stopped) batch did.
public struct BatchSummary: Sendable {
    /// The folder written.
    public var folder: URL
    /// Documents this task had to make, and those already in the manifest before it started (`--resume`).
    public var total: Int
    public var alreadyDone: Int
    public var made: Int
    public var failed: Int
    public var seconds: Double
    /// Every entry of the manifest, sorted by id.
    public var entries: [ManifestEntry]
}
