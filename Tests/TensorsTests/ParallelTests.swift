import Dispatch
import Foundation
import XCTest

@testable import Tensors

/// `Parallel` over the spinning `WorkerPool`: every item runs exactly once, regions back to back, nested, and
/// started from several threads at once (which fall back to Dispatch).
final class ParallelTests: XCTestCase {
    /// Counts how often each item ran, in disjoint slots.
    private func counts(_ count: Int, _ run: (Int, (Int) -> Void) -> Void) -> [Int] {
        var hits = [Int](repeating: 0, count: count)
        hits.withUnsafeMutableBufferPointer { hits in
            let hits = UncheckedBox(hits.baseAddress!)
            run(count) { hits.value[$0] += 1 }
        }
        return hits
    }

    func testEveryItemRunsOnceOverManyRegions() {
        for region in 0..<5_000 {
            let count = 1 + region % 37
            let hits = counts(count) { Parallel.forEach($0, $1) }
            XCTAssertEqual(hits, Array(repeating: 1, count: count), "region \(region) with \(count) items")
            if hits != Array(repeating: 1, count: count) { return }
        }
    }

    /// Regions far apart, so that the workers have gone to sleep and the calling thread often claims their
    /// shares before they wake; every item still runs once, and a late worker never runs a finished region.
    func testEveryItemRunsOnceWhenTheWorkersSleep() {
        for region in 0..<200 {
            let count = 1 + region % 9
            let hits = counts(count) { Parallel.forEach($0, $1) }
            XCTAssertEqual(hits, Array(repeating: 1, count: count), "region \(region) with \(count) items")
            if hits != Array(repeating: 1, count: count) { return }
            usleep(UInt32(300 + region % 3 * 200))
        }
    }

    func testChunksCoverTheRangeOnce() {
        for count in [0, 1, 100, 16_384, 50_000, 100_003] {
            let hits = counts(count) { n, mark in Parallel.chunks(n, minimumChunk: 1_000) { for i in $0 { mark(i) } } }
            XCTAssertEqual(hits, Array(repeating: 1, count: count), "chunks over \(count)")
        }
    }

    func testNestedRegionsRunEveryInnerItem() {
        let (outer, inner) = (6, 40)
        var hits = [Int](repeating: 0, count: outer * inner)
        hits.withUnsafeMutableBufferPointer { hits in
            let hits = UncheckedBox(hits.baseAddress!)
            Parallel.forEach(outer) { o in
                Parallel.forEach(inner) { i in hits.value[o * inner + i] += 1 }
            }
        }
        XCTAssertEqual(hits, Array(repeating: 1, count: outer * inner), "nested regions")
    }

    func testRegionsFromSeveralThreadsAtOnce() {
        let (threads, items, rounds) = (4, 64, 200)
        var hits = [Int](repeating: 0, count: threads * items)
        hits.withUnsafeMutableBufferPointer { hits in
            let hits = UncheckedBox(hits.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                for _ in 0..<rounds {
                    Parallel.forEach(items) { i in hits.value[thread * items + i] += 1 }
                }
            }
        }
        XCTAssertEqual(hits, Array(repeating: rounds, count: threads * items), "regions from \(threads) threads")
    }
}
