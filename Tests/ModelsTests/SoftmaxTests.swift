import Foundation
import XCTest

@testable import Models

/// The eight-lane softmax and its row summaries against a double-precision evaluation and known answers.
final class SoftmaxTests: XCTestCase {
    /// Rows of odd lengths (tails shorter than eight lanes), masked columns, and a wide spread of scores.
    func testMatchesDoublePrecisionWithSummaries() {
        let (rows, stride) = (5, 29)
        for valid in [1, 7, 8, 9, 23, 29] {
            var generator = SystemRandomNumberGenerator()
            let scores = (0..<(rows * stride)).map { _ in Float.random(in: -30...30, using: &generator) }
            var data = scores
            var summaries = [Float](repeating: .nan, count: rows * AttentionRowSummary.count)
            data.withUnsafeMutableBufferPointer { d in
                summaries.withUnsafeMutableBufferPointer { s in
                    Softmax.rows(d.baseAddress!, rows: rows, valid: valid, stride: stride, summaries: s.baseAddress!)
                }
            }
            for r in 0..<rows {
                let row = (0..<valid).map { Double(scores[r * stride + $0]) }
                let m = row.max() ?? 0
                let z = row.map { Foundation.exp($0 - m) }.reduce(0, +)
                let p = row.map { Foundation.exp($0 - m) / z }
                for j in 0..<stride {
                    let expected = j < valid ? p[j] : 0
                    XCTAssertEqual(
                        Double(data[r * stride + j]), expected, accuracy: 1e-6, "valid \(valid) [\(r), \(j)]")
                }
                let entropy = -p.filter { $0 > 0 }.map { $0 * Foundation.log($0) }.reduce(0, +)
                let distance = p.enumerated().map { $0.element * Double(abs($0.offset - r)) }.reduce(0, +)
                let summary = summaries[(AttentionRowSummary.count * r)...].map { Double($0) }
                XCTAssertEqual(
                    summary[AttentionRowSummary.entropy], entropy, accuracy: 1e-5, "valid \(valid) row \(r) entropy")
                XCTAssertEqual(summary[AttentionRowSummary.largest], p.max() ?? 0, accuracy: 1e-6, "row \(r) largest")
                XCTAssertEqual(summary[AttentionRowSummary.distance], distance, accuracy: 1e-4, "row \(r) distance")
                // The total is of the stored (rounded) probabilities.
                let stored = (0..<valid).map { Double(data[r * stride + $0]) }.reduce(0, +)
                XCTAssertEqual(summary[AttentionRowSummary.total], stored, accuracy: 1e-6, "row \(r) total")
            }
        }
    }

    /// Equal scores: uniform probabilities, entropy log n, largest probability 1 / n.
    func testEqualScoresAreUniform() {
        let n = 19
        var data = [Float](repeating: 3.5, count: n)
        var summaries = [Float](repeating: .nan, count: AttentionRowSummary.count)
        data.withUnsafeMutableBufferPointer { d in
            summaries.withUnsafeMutableBufferPointer { s in
                Softmax.rows(d.baseAddress!, rows: 1, valid: n, stride: n, summaries: s.baseAddress!)
            }
        }
        for (j, p) in data.enumerated() { XCTAssertEqual(p, 1 / Float(n), accuracy: 1e-7, "column \(j)") }
        XCTAssertEqual(
            summaries[AttentionRowSummary.entropy], log(Float(n)), accuracy: 1e-6, "entropy of a uniform row")
        XCTAssertEqual(
            summaries[AttentionRowSummary.largest], 1 / Float(n), accuracy: 1e-7, "largest probability of a uniform row"
        )
        XCTAssertEqual(summaries[AttentionRowSummary.total], 1, accuracy: 1e-6, "total of a uniform row")
    }
}
