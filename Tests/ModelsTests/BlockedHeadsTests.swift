import Foundation
import Support
import Synchronization
import Tensors
import XCTest

@testable import Models

/// The attention backward pass run per head in blocks of query rows with the AVX-512 products
/// (`SelfAttention+Blocks.swift`) against the whole-head BLAS route, on sequences several blocks long, a padded one
/// among them, and head widths that are and are not multiples of sixteen lanes (32, 8, 80): ∂L/∂A and ∂L/∂x with all
/// rows or only the first ones carrying gradient, and what an observer sees block by block.
///
/// Tolerance: 2e-5 relative to the largest |value| of each result (the routes sum in different orders).
final class BlockedHeadsTests: XCTestCase {
    private func assertClose(_ blocked: Tensor, _ reference: Tensor, _ what: String) {
        XCTAssertEqual(blocked.shape, reference.shape, what)
        let scale = max(reference.scalars.map(abs).max() ?? 0, 1e-12)
        let difference = zip(blocked.scalars, reference.scalars).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThanOrEqual(difference / scale, 2e-5, "\(what): max |Δ| \(difference) of \(scale)")
    }

    private func attention(channels c: Int, heads: Int, seed: UInt64) -> SelfAttention {
        var generator = SeededGenerator(seed: seed)
        func linear() -> Linear {
            Linear(
                weight: Tensor(
                    shape: [c, c], scalars: (0..<(c * c)).map { _ in Float.random(in: -0.3...0.3, using: &generator) }),
                bias: Tensor(shape: [c], scalars: (0..<c).map { _ in Float.random(in: -0.1...0.1, using: &generator) }))
        }
        return SelfAttention(query: linear(), key: linear(), value: linear(), headCount: heads)
    }

    /// Records every block an observer would see, as (head, rows, gradientRows) and the gradient rows themselves.
    private final class Recorder: @unchecked Sendable {
        let blocks = Mutex<[(head: Int, rows: Range<Int>, gradientRows: Int)]>([])
        /// Written by several heads at once (disjoint ranges), so through a fixed buffer: mutating a `[Float]`
        /// property from worker threads races on the array itself (ThreadSanitizer reported it).
        private let storage: UnsafeMutableBufferPointer<Float>
        let length: Int

        init(heads: Int, length: Int) {
            self.length = length
            storage = .allocate(capacity: heads * length * length)
            storage.initialize(repeating: .nan)
        }

        deinit { storage.deallocate() }

        /// The recorded gradient rows, `[H, T, T]`.
        var gradient: [Float] { Array(storage) }

        func record(_ head: Int, _ block: AttentionBlock) {
            blocks.withLock { $0.append((head, block.rows, block.gradientRows)) }
            let t = length
            // Heads write disjoint ranges of `storage`.
            for (i, row) in block.rows.enumerated() {
                for j in 0..<t {
                    storage[(head * t + row) * t + j] = row < block.gradientRows ? block.gradient[i * t + j] : 0
                }
            }
        }
    }

    func testBlockedHeadsMatchWholeHeadProducts() throws {
        try XCTSkipUnless(AcceleratedKernels.isAvailable, "this processor has no AVX-512: heads never run in blocks")
        let batch = try TokenBatch([Array(repeating: 5, count: 130), Array(repeating: 7, count: 61)])
        let t = batch.length
        for (c, heads) in [(64, 2), (24, 3), (80, 1)] {
            let label = "C \(c), \(heads) heads"
            var blocked = attention(channels: c, heads: heads, seed: UInt64(c))
            var whole = blocked
            blocked.runsBackwardInBlocks = true
            whole.runsBackwardInBlocks = false
            var generator = SeededGenerator(seed: 3)
            let x = Tensor(
                shape: [batch.count * t, c],
                scalars: (0..<(batch.count * t * c)).map { _ in Float.random(in: -1...1, using: &generator) })

            let reference = whole.forward(x, batch: batch, keepCache: true)
            // Backward with every row carrying gradient, and with the first 100 (the low-rank route takes fewer).
            let cache = try XCTUnwrap(reference.cache)
            for rows in [t, 100] where 2 * heads * rows >= 3 * c {
                var dContext = Tensor(zeros: [batch.count * t, c])
                for s in 0..<batch.count {
                    for r in 0..<rows {
                        for j in 0..<c {
                            dContext.scalars[(s * t + r) * c + j] = Float.random(in: -1...1, using: &generator)
                        }
                    }
                }
                let rowsLabel = "\(label), \(rows) rows with gradient"
                let expected = whole.backward(
                    dContext, probabilities: reference.probabilities, cache: cache, batch: batch,
                    rowsWithGradient: rows)
                let kept = blocked.backward(
                    dContext, probabilities: reference.probabilities, cache: cache, batch: batch,
                    rowsWithGradient: rows)
                assertClose(kept.dInput, expected.dInput, "\(rowsLabel): ∂x")
                assertClose(kept.dProbabilities, expected.dProbabilities, "\(rowsLabel): ∂A")

                // Not kept: the observer sees each head's rows in order, in blocks, and their gradient is ∂A.
                let recorders = (0..<batch.count).map { _ in Recorder(heads: heads, length: t) }
                let lean = blocked.backward(
                    dContext, probabilities: reference.probabilities, cache: cache, batch: batch,
                    rowsWithGradient: rows, keepGradients: false,
                    visit: { s, head, block in
                        recorders[s].record(head, block)
                    })
                XCTAssertEqual(lean.dProbabilities.count, 0, rowsLabel)
                assertClose(lean.dInput, expected.dInput, "\(rowsLabel): ∂x without kept ∂A")
                for (s, recorder) in recorders.enumerated() {
                    let blocks = recorder.blocks.withLock { $0 }
                    for head in 0..<heads {
                        let mine = blocks.filter { $0.head == head }
                        XCTAssertGreaterThan(mine.count, 1, "\(rowsLabel): sequence \(s) head \(head) in one block")
                        XCTAssertEqual(mine.first?.rows.lowerBound, 0, rowsLabel)
                        XCTAssertTrue(
                            zip(mine, mine.dropFirst()).allSatisfy { $0.rows.upperBound == $1.rows.lowerBound })
                        XCTAssertEqual(mine.last?.rows.upperBound, t, "\(rowsLabel): blocks cover the map")
                        XCTAssertTrue(mine.allSatisfy { $0.gradientRows == rows }, rowsLabel)
                    }
                    let slice = expected.dProbabilities.slice(s)  // [H, T, T]
                    var seen = recorder.gradient
                    for i in 0..<seen.count where (i / t) % t >= rows { seen[i] = 0 }  // rows never shown
                    assertClose(
                        Tensor(shape: slice.shape, scalars: seen), slice, "\(rowsLabel): observed ∂A, sequence \(s)")
                }
            }
        }
    }
}
