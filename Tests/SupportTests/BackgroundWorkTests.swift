import Foundation
import Support
import XCTest

final class BackgroundWorkTests: XCTestCase {
    private struct Failure: Error, Equatable { let code: Int }

    func testValueArrivesAndCanBeReadAgain() throws {
        let work = BackgroundWork(name: "test") { () -> Int in
            Thread.sleep(forTimeInterval: 0.01)
            return 42
        }
        XCTAssertEqual(try work.value(), 42, "first read")
        XCTAssertEqual(try work.value(), 42, "second read")
    }

    func testErrorIsRethrownToEveryReader() {
        let work = BackgroundWork(name: "test") { () -> Int in throw Failure(code: 7) }
        for read in 1...2 {
            XCTAssertThrowsError(try work.value(), "read \(read)") { error in
                XCTAssertEqual(error as? Failure, Failure(code: 7), "read \(read) rethrows the work's error")
            }
        }
    }

    func testWaitersOnSeveralThreadsAllGetTheValue() {
        let work = BackgroundWork(name: "test") { () -> [Int] in
            Thread.sleep(forTimeInterval: 0.02)
            return Array(0..<100)
        }
        let readers = 8
        let sums = UnsafeMutableBufferPointer<Int>.allocate(capacity: readers)
        defer { sums.deallocate() }
        let box = SumsBox(sums)
        DispatchQueue.concurrentPerform(iterations: readers) { reader in
            box.sums[reader] = ((try? work.value()) ?? []).reduce(0, +)
        }
        XCTAssertEqual(Array(sums), Array(repeating: 4_950, count: readers), "every reader's sum")
    }

    func testWorkRunsWhileTheCallerWaitsElsewhere() throws {
        let started = Date()
        let first = BackgroundWork(name: "first") { () -> Bool in
            Thread.sleep(forTimeInterval: 0.2)
            return true
        }
        let second = BackgroundWork(name: "second") { () -> Bool in
            Thread.sleep(forTimeInterval: 0.2)
            return true
        }
        XCTAssertTrue(try first.value() && second.value(), "both finished")
        XCTAssertLessThan(Date().timeIntervalSince(started), 0.39, "the two sleeps overlapped")
    }
}

/// Disjoint slots written from several threads.
private struct SumsBox: @unchecked Sendable {
    let sums: UnsafeMutableBufferPointer<Int>
    init(_ sums: UnsafeMutableBufferPointer<Int>) { self.sums = sums }
}
