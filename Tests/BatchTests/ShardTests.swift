import XCTest

@testable import Batch

final class ShardTests: XCTestCase {
    func testShardsPartitionIdsDisjointlyAndCompletely() throws {
        let ids = (0..<500).map { "case-\($0)" }
        let shards = try (1...3).map { try Shard(parsing: "\($0)/3") }
        var counts = [0, 0, 0]
        for id in ids {
            let owners = shards.indices.filter { shards[$0].contains(id) }
            XCTAssertEqual(owners.count, 1, id)
            counts[owners[0]] += 1
        }
        // Roughly even: each of 3 shards gets 500/3 ± 25 %.
        for count in counts { XCTAssertEqual(Double(count), 500.0 / 3, accuracy: 42) }
        XCTAssertTrue(Shard.whole.contains("anything"))
    }

    func testParsingRejectsNonsense() {
        for text in ["0/3", "4/3", "1/0", "a/b", "1", "1/2/3", "-1/2", ""] {
            XCTAssertThrowsError(try Shard(parsing: text), text) { error in
                XCTAssertTrue("\(error)".contains("K/N"), "\(error)")
            }
        }
        XCTAssertEqual(try Shard(parsing: "2/8"), Shard(index: 2, count: 8))
    }

    func testAutomaticFromKubernetesAndSlurm() throws {
        XCTAssertEqual(
            try Shard.automatic(environment: ["JOB_COMPLETION_INDEX": "0"], shards: 4), Shard(index: 1, count: 4))
        XCTAssertThrowsError(try Shard.automatic(environment: ["JOB_COMPLETION_INDEX": "0"], shards: nil))
        XCTAssertThrowsError(try Shard.automatic(environment: ["JOB_COMPLETION_INDEX": "4"], shards: 4))
        XCTAssertEqual(
            try Shard.automatic(
                environment: ["SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_MIN": "5", "SLURM_ARRAY_TASK_COUNT": "3"],
                shards: nil),
            Shard(index: 3, count: 3))
        XCTAssertEqual(
            try Shard.automatic(environment: ["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "2"], shards: nil),
            Shard(index: 1, count: 2))
        XCTAssertThrowsError(
            try Shard.automatic(environment: ["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "2"], shards: 3))
        XCTAssertThrowsError(try Shard.automatic(environment: [:], shards: 2)) { error in
            XCTAssertTrue("\(error)".contains("JOB_COMPLETION_INDEX"), "\(error)")
        }
        XCTAssertThrowsError(try Shard.automatic(environment: ["SLURM_ARRAY_TASK_ID": "x"], shards: 2))
    }
}
