import Foundation

/// Why a batch, a merge or a batch verification cannot go on. Each description is one line naming the file.
public enum BatchError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The input cannot be read or has the wrong shape as a whole (a bad row only fails its document).
    case input(file: String, detail: String)
    /// `--shard` or the scheduler's variables are wrong.
    case shard(String)
    /// The output folder already holds a batch made differently, or none when resuming.
    case output(folder: String, detail: String)
    /// Writing failed (disk full, permissions); everything already written is kept.
    case unwritable(file: String, reason: String)
    /// A merge found shards that do not fit together.
    case merge(String)

    public var description: String {
        switch self {
        case .input(let file, let detail): return "\(file): \(detail)"
        case .shard(let detail): return "--shard: \(detail)"
        case .output(let folder, let detail): return "\(folder): \(detail)"
        case .unwritable(let file, let reason): return "\(file): cannot write: \(reason)"
        case .merge(let detail): return "merge: \(detail)"
        }
    }
}
