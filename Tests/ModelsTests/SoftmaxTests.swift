import Foundation
import Tensors
import XCTest

@testable import Models

/// The eight-lane softmax and its row summaries against a double-precision evaluation and known answers.
final class SoftmaxTests: XCTestCase {
    /// Rows of odd lengths (tails shorter than eight lanes), masked columns, and a wide spread of scores.
    /// Both implementations: the portable Swift one and the dispatched one (AVX-512 where the processor has it).
    func testMatchesDoublePrecisionWithSummaries() {
        let (rows, stride) = (5, 29)
        let implementations: [(String, SoftmaxRows)] = [
            ("portable", Softmax.portableRows), ("dispatched", Softmax.rows),
        ]
        for (name, softmax) in implementations {
            for valid in [1, 7, 8, 9, 15, 16, 17, 23, 29] {
                check(softmax, name: name, rows: rows, valid: valid, stride: stride)
            }
        }
    }

    /// `(data, rows, valid, stride, summaries)`.
    typealias SoftmaxRows = (UnsafeMutablePointer<Float>, Int, Int, Int, UnsafeMutablePointer<Float>?) -> Void

    private func check(_ softmax: SoftmaxRows, name: String, rows: Int, valid: Int, stride: Int) {
        var generator = SystemRandomNumberGenerator()
        let scores = (0..<(rows * stride)).map { _ in Float.random(in: -30...30, using: &generator) }
        var data = scores
        var summaries = [Float](repeating: .nan, count: rows * AttentionRowSummary.count)
        data.withUnsafeMutableBufferPointer { d in
            summaries.withUnsafeMutableBufferPointer { s in
                softmax(d.baseAddress!, rows, valid, stride, s.baseAddress!)
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
                    Double(data[r * stride + j]), expected, accuracy: 1e-6, "\(name) valid \(valid) [\(r), \(j)]")
            }
            let entropy = -p.filter { $0 > 0 }.map { $0 * Foundation.log($0) }.reduce(0, +)
            let distance = p.enumerated().map { $0.element * Double(abs($0.offset - r)) }.reduce(0, +)
            let summary = summaries[(AttentionRowSummary.count * r)...].map { Double($0) }
            XCTAssertEqual(
                summary[AttentionRowSummary.entropy], entropy, accuracy: 1e-5, "\(name) valid \(valid) row \(r) entropy"
            )
            XCTAssertEqual(summary[AttentionRowSummary.largest], p.max() ?? 0, accuracy: 1e-6, "\(name) largest")
            XCTAssertEqual(summary[AttentionRowSummary.distance], distance, accuracy: 1e-4, "\(name) distance")
            // The total is of the stored (rounded) probabilities.
            let stored = (0..<valid).map { Double(data[r * stride + $0]) }.reduce(0, +)
            XCTAssertEqual(summary[AttentionRowSummary.total], stored, accuracy: 1e-6, "\(name) row \(r) total")
        }
    }

    /// The AVX-512 kernel against the portable Swift code on attention-sized maps (scaled dot products of a
    /// 512-token window, a padded window, a 128-token one), with and without summaries.
    func testAcceleratedKernelMatchesPortable() throws {
        try XCTSkipUnless(AcceleratedKernels.isAvailable, "this processor has no AVX-512")
        var generator = SystemRandomNumberGenerator()
        for (rows, valid, stride) in [(64, 512, 512), (40, 301, 320), (128, 128, 128), (3, 1, 5)] {
            for summarize in [false, true] {
                let scores = (0..<(rows * stride)).map { _ in Float.random(in: -12...12, using: &generator) }
                var (portable, accelerated) = (scores, scores)
                let width = AttentionRowSummary.count
                var (portableSummaries, acceleratedSummaries) = (
                    [Float](repeating: .nan, count: rows * width), [Float](repeating: .nan, count: rows * width)
                )
                portable.withUnsafeMutableBufferPointer { d in
                    portableSummaries.withUnsafeMutableBufferPointer { s in
                        Softmax.portableRows(
                            d.baseAddress!, rows: rows, valid: valid, stride: stride,
                            summaries: summarize ? s.baseAddress! : nil)
                    }
                }
                accelerated.withUnsafeMutableBufferPointer { d in
                    acceleratedSummaries.withUnsafeMutableBufferPointer { s in
                        AcceleratedKernels.softmaxRows(
                            d.baseAddress!, rows: rows, valid: valid, stride: stride,
                            summaries: summarize ? s.baseAddress! : nil)
                    }
                }
                let label = "[\(rows), \(valid) of \(stride)], summaries \(summarize)"
                var largest: Float = 0
                for (p, a) in zip(portable, accelerated) { largest = max(largest, abs(p - a)) }
                XCTAssertLessThanOrEqual(largest, 2e-7, "probabilities \(label): max |Δ| \(largest)")
                guard summarize else { continue }
                for field in 0..<width {
                    var difference: Float = 0
                    for r in 0..<rows {
                        let index = r * width + field
                        // Relative beyond 1: a distance of hundreds of tokens is a sum in another order.
                        let scale = max(1, abs(portableSummaries[index]))
                        difference = max(
                            difference, abs(portableSummaries[index] - acceleratedSummaries[index]) / scale)
                    }
                    XCTAssertLessThanOrEqual(
                        difference, 2e-6, "summary field \(field) \(label): max relative |Δ| \(difference)")
                }
            }
        }
    }

    /// The backward pass `dS = P ⊙ (dP − Σ dP ⊙ P)`, both implementations (portable Swift, and AVX-512 where the
    /// processor has it), into a separate buffer and in place, against the same formula in double precision; columns
    /// past `valid` must come out 0.
    func testBackwardRowsMatchDoublePrecision() {
        var generator = SystemRandomNumberGenerator()
        for (rows, valid, stride) in [(24, 512, 512), (9, 301, 320), (5, 7, 7), (2, 1, 3)] {
            var probabilities = (0..<(rows * stride)).map { _ in Float.random(in: -6...6, using: &generator) }
            probabilities.withUnsafeMutableBufferPointer {
                Softmax.portableRows($0.baseAddress!, rows: rows, valid: valid, stride: stride, summaries: nil)
            }
            let gradient = (0..<(rows * stride)).map { _ in Float.random(in: -1...1, using: &generator) }
            var expected = [Double](repeating: 0, count: rows * stride)
            for r in 0..<rows {
                let dot = (0..<valid).map { Double(gradient[r * stride + $0]) * Double(probabilities[r * stride + $0]) }
                    .reduce(0, +)
                for j in 0..<valid {
                    let index = r * stride + j
                    expected[index] = Double(probabilities[index]) * (Double(gradient[index]) - dot)
                }
            }
            for portable in [true, false] {
                for inPlace in [false, true] {
                    var scores = inPlace ? gradient : [Float](repeating: .nan, count: rows * stride)
                    probabilities.withUnsafeBufferPointer { p in
                        gradient.withUnsafeBufferPointer { g in
                            scores.withUnsafeMutableBufferPointer { s in
                                Softmax.backwardRows(
                                    probabilities: p.baseAddress!,
                                    dProbabilities: inPlace ? UnsafePointer(s.baseAddress!) : g.baseAddress!,
                                    dScores: s.baseAddress!, rows: rows, valid: valid, stride: stride,
                                    portable: portable)
                            }
                        }
                    }
                    let largest = zip(scores, expected).map { abs(Double($0) - $1) }.max() ?? 0
                    XCTAssertLessThanOrEqual(
                        largest, 1e-7, "[\(rows), \(valid) of \(stride)] portable \(portable) in place \(inPlace)")
                }
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
