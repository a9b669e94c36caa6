import Foundation
import XCTest

@testable import Models

/// The one-pass GELU value-and-slope against the separate value and derivative, for every activation.
final class ActivationSlopeTests: XCTestCase {
    func testApplyKeepingSlopesEqualsApplyAndDerivative() {
        let xs = (0..<1001).map { Float($0 - 500) / 60 }  // −8.3 … 8.3, 1001 values (a partial last lane block)
        for activation in [Activation.gelu, .geluTanh, .relu] {
            var values = xs
            let slopes = activation.applyKeepingSlopes(&values)
            var expected = xs
            activation.apply(&expected)
            let expectedSlopes = activation.derivative(xs)
            let worstValue = zip(values, expected).map { abs($0 - $1) }.max() ?? 0
            let worstSlope = zip(slopes, expectedSlopes).map { abs($0 - $1) }.max() ?? 0
            XCTAssertLessThanOrEqual(worstValue, 1e-6, "\(activation) values differ by \(worstValue)")
            XCTAssertLessThanOrEqual(worstSlope, 1e-6, "\(activation) slopes differ by \(worstSlope)")
        }
    }
}
