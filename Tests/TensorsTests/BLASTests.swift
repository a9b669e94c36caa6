import XCTest

@testable import Tensors

/// BLAS products checked against a naive triple loop, with and without transposes.
final class BLASTests: XCTestCase {
    private func naive(_ a: [Float], _ b: [Float], m: Int, n: Int, k: Int, transA: Bool, transB: Bool) -> [Float] {
        var c = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var sum: Float = 0
                for p in 0..<k {
                    let x = transA ? a[p * m + i] : a[i * k + p]
                    let y = transB ? b[j * k + p] : b[p * n + j]
                    sum += x * y
                }
                c[i * n + j] = sum
            }
        }
        return c
    }

    func testGemmMatchesNaiveProductForAllTransposes() {
        var generator = SystemRandomNumberGenerator()
        let (m, n, k) = (7, 5, 9)
        let a = (0..<(m * k)).map { _ in Float.random(in: -1...1, using: &generator) }
        let b = (0..<(k * n)).map { _ in Float.random(in: -1...1, using: &generator) }
        for transA in [false, true] {
            for transB in [false, true] {
                var c = [Float](repeating: 0, count: m * n)
                BLAS.gemm(transA ? .transpose : .none, transB ? .transpose : .none, m: m, n: n, k: k, a: a, b: b, c: &c)
                let expected = naive(a, b, m: m, n: n, k: k, transA: transA, transB: transB)
                let worst = zip(c, expected).map { abs($0 - $1) }.max() ?? 0
                XCTAssertLessThan(worst, 1e-5, "transA \(transA) transB \(transB): max |Δ| \(worst)")
            }
        }
    }

    func testGemmAccumulatesWithBeta() {
        var c: [Float] = [1, 1, 1, 1]
        BLAS.gemm(m: 2, n: 2, k: 1, a: [1, 2], b: [3, 4], beta: 1, c: &c)
        XCTAssertEqual(c, [4, 5, 7, 9])
    }

    /// Products large enough to be split across cores, wide and tall (split by columns and by rows), with every
    /// transpose and sizes that are not multiples of the 16-wide blocks.
    func testParallelSplitsMatchNaiveProduct() {
        var generator = SystemRandomNumberGenerator()
        for (m, n, k) in [(37, 301, 200), (301, 37, 200), (130, 129, 131)] {
            XCTAssertGreaterThanOrEqual(m * n * k, 1 << 21, "\(m)×\(n)×\(k) must take the parallel path")
            let a = (0..<(m * k)).map { _ in Float.random(in: -1...1, using: &generator) }
            let b = (0..<(k * n)).map { _ in Float.random(in: -1...1, using: &generator) }
            for transA in [false, true] {
                for transB in [false, true] {
                    var c = [Float](repeating: 0, count: m * n)
                    BLAS.gemm(
                        transA ? .transpose : .none, transB ? .transpose : .none, m: m, n: n, k: k, a: a, b: b, c: &c)
                    let expected = naive(a, b, m: m, n: n, k: k, transA: transA, transB: transB)
                    let worst = zip(c, expected).map { abs($0 - $1) }.max() ?? 0
                    XCTAssertLessThan(worst, 1e-4, "\(m)×\(n)×\(k) transA \(transA) transB \(transB): max |Δ| \(worst)")
                }
            }
        }
    }
}
