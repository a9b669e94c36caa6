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

    /// GELU value x·Φ(x) and slope Φ(x) + x·φ(x) against double precision (`derivative` shares the kernel), in
    /// the portable Swift code and in the dispatched one (AVX-512 where the processor has it).
    func testGELUSlopeMatchesDoublePrecision() {
        let xs = (0..<1001).map { Float($0 - 500) / 60 }
        for portable in [true, false] {
            var values = xs
            let slopes = Activation.gelu.applyKeepingSlopes(&values, portable: portable)
            var valuesAlone = xs
            Activation.gelu.apply(&valuesAlone, portable: portable)
            for (i, x) in xs.enumerated() {
                let phi = 0.5 * (1 + Foundation.erf(Double(x) / 2.0.squareRoot()))
                let density = Foundation.exp(-0.5 * Double(x) * Double(x)) / (2 * Double.pi).squareRoot()
                let label = "portable \(portable), x = \(x)"
                XCTAssertEqual(Double(slopes[i]), phi + Double(x) * density, accuracy: 1e-6, "GELU slope, \(label)")
                XCTAssertEqual(Double(values[i]), Double(x) * phi, accuracy: 2e-6, "GELU value, \(label)")
                XCTAssertEqual(Double(valuesAlone[i]), Double(x) * phi, accuracy: 2e-6, "GELU apply, \(label)")
            }
        }
    }
}
