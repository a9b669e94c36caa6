import Foundation
import XCTest

@testable import Tensors

/// `VectorMath` against the C library (computed in double precision) over dense grids, edges included.
final class VectorMathTests: XCTestCase {
    /// Evaluates `f` eight lanes at a time over `inputs`.
    private func lanes(_ inputs: [Float], _ f: (VectorMath.Vector) -> VectorMath.Vector) -> [Float] {
        var values = inputs
        values.withUnsafeMutableBufferPointer { VectorMath.transform($0.baseAddress!, count: $0.count, padding: 1, f) }
        return values
    }

    private func grid(from low: Float, to high: Float, count: Int) -> [Float] {
        (0...count).map { low + (high - low) * Float($0) / Float(count) }
    }

    func testExpIsAccurateAcrossTheRange() {
        let xs = grid(from: -87, to: 88, count: 200_003) + [0, -0, 1, -1, 1e-8, -1e-8]
        let ys = lanes(xs) { VectorMath.exp($0) }
        var worst: (error: Double, x: Float) = (0, 0)
        for (x, y) in zip(xs, ys) {
            let exact = Foundation.exp(Double(x))
            let error = abs(Double(y) - exact) / exact
            if error > worst.error { worst = (error, x) }
        }
        XCTAssert(worst.error <= 2e-7, "exp worst relative error \(worst.error) at x = \(worst.x)")
    }

    /// The softmax variant for x ≤ 0 equals `exp` there, bit for bit, and gives 0 for very negative inputs and −∞.
    func testExpOfNonPositiveMatchesExp() {
        let xs = grid(from: -100, to: 0, count: 100_003) + [0, -0, -1e-8, -87.33, -87.34, -1000, -.infinity]
        let general = lanes(xs) { VectorMath.exp($0) }
        let special = lanes(xs) { VectorMath.expOfNonPositive($0) }
        for (i, x) in xs.enumerated() {
            XCTAssertEqual(special[i], general[i], "exp of non-positive \(x)")
        }
        XCTAssertEqual(special[xs.count - 1], 0, "exp(−∞) = 0")
    }

    func testExpSaturates() {
        let ys = lanes([-1000, -88, 89, 1000, -.infinity, .infinity]) { VectorMath.exp($0) }
        XCTAssert(ys[0] == 0 && ys[1] == 0 && ys[4] == 0, "exp of very negative inputs is 0: \(ys)")
        XCTAssert(ys[2] == .infinity && ys[3] == .infinity && ys[5] == .infinity, "exp overflows to +∞: \(ys)")
    }

    func testLogIsAccurateForPositiveNormals() {
        let xs = grid(from: 1e-6, to: 4, count: 200_003) + [Float.leastNormalMagnitude, 1, 2, 0.5, 1e30, 3e38]
        let ys = lanes(xs) { VectorMath.log($0) }
        var worst: (error: Double, x: Float) = (0, 0)
        for (x, y) in zip(xs, ys) {
            let exact = Foundation.log(Double(x))
            // Absolute error near 1 (where log crosses zero), relative elsewhere.
            let error = abs(Double(y) - exact) / max(1, abs(exact))
            if error > worst.error { worst = (error, x) }
        }
        XCTAssert(worst.error <= 2e-7, "log worst error \(worst.error) at x = \(worst.x)")
    }

    /// The largest absolute error of `f` against the C library's erf over a dense grid, and where it occurs.
    private func worstErfError(_ f: (VectorMath.Vector) -> VectorMath.Vector) -> (error: Double, x: Float) {
        let xs = grid(from: -9, to: 9, count: 200_003) + [0, 1e-7, -1e-7, 40, -40]
        let ys = lanes(xs, f)
        var worst: (error: Double, x: Float) = (0, 0)
        for (x, y) in zip(xs, ys) {
            let error = abs(Double(y) - Foundation.erf(Double(x)))
            if error > worst.error { worst = (error, x) }
        }
        return worst
    }

    func testErfIsAccurateEverywhere() {
        let worst = worstErfError { VectorMath.erf($0) }
        XCTAssert(worst.error <= 2.5e-7, "erf worst absolute error \(worst.error) at x = \(worst.x)")
    }

    /// Abramowitz & Stegun 7.1.26 alone, in single precision: ≤ 6e-7 absolute everywhere (5.0e-7 measured).
    func testErfAbsoluteIsWithinItsBound() {
        let worst = worstErfError { VectorMath.erfAbsolute($0, expOfMinusSquare: VectorMath.exp(-($0 * $0))) }
        XCTAssert(worst.error <= 6e-7, "erfAbsolute worst absolute error \(worst.error) at x = \(worst.x)")
    }

    func testTransformHandlesTailsShorterThanEightLanes() {
        for count in [0, 1, 7, 8, 9, 15, 17] {
            let xs = (0..<count).map { Float($0) - 3 }
            let ys = lanes(xs) { $0 * 2 + 1 }
            XCTAssert(ys == xs.map { $0 * 2 + 1 }, "transform of \(count) elements")
        }
    }
}
