import Foundation
import Tensors

/// Numerically stable row softmax over the first `valid` columns of row-major rows, and its backward.
///
/// Eight lanes at a time (`VectorMath`); lanes past `valid` are padded so they add nothing.
enum Softmax {
    typealias Vector = VectorMath.Vector

    /// In place: `row[j] = exp(row[j] − max) / Σ exp(...)` for `j < valid`; columns `≥ valid` set to 0.
    ///
    /// - Parameter summaries: when given, `[rows, AttentionRowSummary.count]` receiving for each row its entropy
    ///   in nats, its largest probability, its mean distance `Σ_j P[r, j] · |r − j|` (row r is query position r)
    ///   and the sum of the stored probabilities, all formed on the way: with `e_j = exp(s_j − max)` and
    ///   `Z = Σ e_j`, the entropy is `log Z − Σ e_j (s_j − max) / Z` and the largest probability is `1 / Z`, so no
    ///   logarithm per entry is needed.
    ///
    /// Runs the AVX-512 kernel where the processor has it (`AcceleratedKernels`), `portableRows` otherwise.
    static func rows(
        _ data: UnsafeMutablePointer<Float>, rows: Int, valid: Int, stride: Int,
        summaries: UnsafeMutablePointer<Float>? = nil
    ) {
        if AcceleratedKernels.isAvailable && valid > 0 {
            AcceleratedKernels.softmaxRows(data, rows: rows, valid: valid, stride: stride, summaries: summaries)
        } else {
            portableRows(data, rows: rows, valid: valid, stride: stride, summaries: summaries)
        }
    }

    /// `rows` in portable Swift SIMD: the reference the AVX-512 kernel is tested against.
    static func portableRows(
        _ data: UnsafeMutablePointer<Float>, rows: Int, valid: Int, stride: Int,
        summaries: UnsafeMutablePointer<Float>? = nil
    ) {
        // Three passes per row (maximum; exponentials; scaling), each over whole vectors with one padded tail
        // vector: the tail lanes past `valid` read −∞, so their exponentials are 0 and they add nothing.
        let whole = valid & ~7
        for r in 0..<rows {
            let row = data + r * stride
            var maxima = Vector(repeating: -.infinity)
            var j = 0
            while j < whole {
                maxima = VectorMath.maximum(maxima, VectorMath.load(row, j))
                j += 8
            }
            let tail = VectorMath.load(row, whole, count: valid, padding: -.infinity)
            let maximum = Vector(repeating: VectorMath.maximum(maxima, tail).max())
            // e_j = exp(s_j − max) and Z = Σ e_j; for the entropy also Σ e_j (s_j − max) (0 · −∞ taken as 0).
            var sums = Vector.zero
            var weightedShifts = Vector.zero
            j = 0
            if summaries != nil {
                while j < whole {
                    let shifted = VectorMath.load(row, j) - maximum
                    let e = VectorMath.expOfNonPositive(shifted)
                    sums += e
                    weightedShifts += (e * shifted).replacing(with: 0, where: e .== 0)
                    VectorMath.store(e, row, j)
                    j += 8
                }
            } else {
                while j < whole {
                    let e = VectorMath.expOfNonPositive(VectorMath.load(row, j) - maximum)
                    sums += e
                    VectorMath.store(e, row, j)
                    j += 8
                }
            }
            let tailShifted = tail - maximum
            let tailExp = VectorMath.expOfNonPositive(tailShifted)
            sums += tailExp
            weightedShifts += (tailExp * tailShifted).replacing(with: 0, where: tailExp .== 0)
            let total = sums.sum()
            let inverse = 1 / total
            let scale = Vector(repeating: inverse)
            j = 0
            if let summaries {
                // p_j = e_j / Z, with Σ_j p_j |r − j| and Σ_j p_j on the way.
                var distances = Vector.zero
                var totals = Vector.zero
                var offset = Vector(0, 1, 2, 3, 4, 5, 6, 7) - Float(r)  // j − r per lane
                while j < whole {
                    let p = VectorMath.load(row, j) * scale
                    distances += p * VectorMath.maximum(offset, -offset)
                    totals += p
                    VectorMath.store(p, row, j)
                    offset += 8
                    j += 8
                }
                let p = tailExp * scale
                distances += p * VectorMath.maximum(offset, -offset)
                totals += p
                for lane in 0..<(valid - whole) { row[whole + lane] = p[lane] }
                let summary = summaries + AttentionRowSummary.count * r
                summary[AttentionRowSummary.entropy] = Foundation.log(total) - weightedShifts.sum() * inverse
                summary[AttentionRowSummary.largest] = inverse
                summary[AttentionRowSummary.distance] = distances.sum()
                summary[AttentionRowSummary.total] = totals.sum()
            } else {
                while j < whole {
                    VectorMath.store(VectorMath.load(row, j) * scale, row, j)
                    j += 8
                }
                let p = tailExp * scale
                for lane in 0..<(valid - whole) { row[whole + lane] = p[lane] }
            }
            (row + valid).update(repeating: 0, count: stride - valid)
        }
    }

    /// `dS[r, j] = P[r, j] · (dP[r, j] − Σ_k dP[r, k] · P[r, k])` for the first `rows` rows (columns past `valid`
    /// set to 0); `dProbabilities` and `dScores` may be the same buffer.
    ///
    /// In AVX-512 where the processor has it (`AcceleratedKernels.softmaxBackwardRows`); `portable: true` runs the
    /// Swift code below, the reference the kernel is tested against.
    static func backwardRows(
        probabilities: UnsafePointer<Float>, dProbabilities: UnsafePointer<Float>, dScores: UnsafeMutablePointer<Float>,
        rows: Int, valid: Int, stride: Int, portable: Bool = false
    ) {
        if !portable && AcceleratedKernels.isAvailable {
            AcceleratedKernels.softmaxBackwardRows(
                probabilities: probabilities, gradient: dProbabilities, scores: dScores, rows: rows, valid: valid,
                stride: stride)
            return
        }
        for r in 0..<rows {
            let p = probabilities + r * stride
            let dp = dProbabilities + r * stride
            let ds = dScores + r * stride
            let dot = VectorMath.dot(dp, p, count: valid)
            var j = 0
            while j + 8 <= valid {
                VectorMath.store(VectorMath.load(p, j) * (VectorMath.load(dp, j) - dot), ds, j)
                j += 8
            }
            while j < valid {
                ds[j] = p[j] * (dp[j] - dot)
                j += 1
            }
            (ds + valid).update(repeating: 0, count: stride - valid)
        }
    }
}
