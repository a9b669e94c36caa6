import Dossier
import Foundation

/// One part of a batch split deterministically by id, so that N tasks of a scheduler each make a disjoint share
/// and together make every document once.
public struct Shard: Sendable, Equatable, Codable, CustomStringConvertible {
    /// 1-based: shard `index` of `count`.
    public var index: Int
    public var count: Int

    /// The whole batch as one shard.
    public static let whole = Shard(index: 1, count: 1)

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `K/N` (1 ≤ K ≤ N).
    /// - Throws: `BatchError.shard` for anything else.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1,
            (1...count).contains(index)
        else { throw BatchError.shard("'\(text)' is not K/N with 1 ≤ K ≤ N (e.g. 2/8)") }
        self.init(index: index, count: count)
    }

    /// The shard of this task from its scheduler: a Kubernetes Indexed Job (`JOB_COMPLETION_INDEX`, 0-based; the
    /// count from `shards`) or a Slurm job array (`SLURM_ARRAY_TASK_ID` from `SLURM_ARRAY_TASK_MIN`, the count from
    /// `SLURM_ARRAY_TASK_COUNT` or `shards`).
    /// - Throws: `BatchError.shard` naming the variable that is missing or wrong.
    public static func automatic(environment: [String: String], shards: Int?) throws -> Shard {
        func number(_ name: String) throws -> Int? {
            guard let text = environment[name] else { return nil }
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value >= 0 else {
                throw BatchError.shard("auto: \(name)='\(text)' is not a non-negative whole number")
            }
            return value
        }
        let index: Int
        let count: Int?
        if let completion = try number("JOB_COMPLETION_INDEX") {
            index = completion + 1
            count = shards
            guard count != nil else {
                throw BatchError.shard("auto: a Kubernetes Indexed Job does not tell the count; add --shards N")
            }
        } else if let task = try number("SLURM_ARRAY_TASK_ID") {
            index = task - (try number("SLURM_ARRAY_TASK_MIN") ?? 0) + 1
            count = try number("SLURM_ARRAY_TASK_COUNT") ?? shards
            guard count != nil else {
                throw BatchError.shard("auto: SLURM_ARRAY_TASK_COUNT is not set; add --shards N")
            }
        } else {
            throw BatchError.shard(
                "auto: neither JOB_COMPLETION_INDEX (Kubernetes Indexed Job) nor SLURM_ARRAY_TASK_ID (Slurm array) is set"
            )
        }
        guard let count, count >= 1, (1...count).contains(index) else {
            throw BatchError.shard("auto: task \(index) is outside 1…\(count ?? 0)")
        }
        if let shards, shards != count {
            throw BatchError.shard("auto: --shards \(shards) differs from the scheduler's count \(count)")
        }
        return Shard(index: index, count: count)
    }

    /// Whether the document `id` belongs to this shard: the first 8 bytes of SHA-256(id), as a number, modulo
    /// the count (independent of the input's order, machine and run).
    public func contains(_ id: String) -> Bool {
        guard count > 1 else { return true }
        let digest = SHA256.hex(Data(id.utf8))
        let value = UInt64(digest.prefix(16), radix: 16) ?? 0
        return Int(value % UInt64(count)) == index - 1
    }

    /// "2/8".
    public var description: String { "\(index)/\(count)" }

    /// The folder name of this shard's output inside `--out`: "shard-2-of-8".
    public var folderName: String { "shard-\(index)-of-\(count)" }
}
