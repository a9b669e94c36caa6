import Foundation
import Tensors

/// Numerically stable row softmax over the first `valid` columns of row-major rows, and its backward.
///
/// Eight lanes at a time (`VectorMath`); lanes past `valid` are padded so they add nothing.
enum Softmax {
    typealias Vector = VectorMath.Vector

    /// In place: `row[j] = exp(row[j] − max) / Σ exp(...)` for `j < valid`; columns `≥ valid` set to 0.
    ///
    /// - Parameter summaries: when given, `[rows, 3]` receiving for each row its entropy in nats, its largest
    ///   probability and its mean distance `Σ_j P[r, j] · |r − j|` (row r is query position r), all formed on
    ///   the way: with `e_j = exp(s_j − max)` and `Z = Σ e_j`, the entropy is `log Z − Σ e_j (s_j − max) / Z`
    ///   and the largest probability is `1 / Z`, so no logarithm per entry is needed.
    static func rows(
        _ data: UnsafeMutablePointer<Float>, rows: Int, valid: Int, stride: Int,
        summaries: UnsafeMutablePointer<Float>? = nil
    ) {
        let lanes = Vector(0, 1, 2, 3, 4, 5, 6, 7)
        for r in 0..<rows {
            let row = data + r * stride
            var maxima = Vector(repeating: -.infinity)
            var j = 0
            while j < valid {
                maxima = VectorMath.maximum(maxima, VectorMath.load(row, j, count: valid, padding: -.infinity))
                j += 8
            }
            let maximum = maxima.max()
            var sums = Vector.zero
            var weightedShifts = Vector.zero
            // Padding −∞ gives exp = 0 in the tail lanes (and a shift of −∞ that is masked out below).
            VectorMath.transform(row, count: valid, padding: -.infinity) { x in
                let shifted = x - maximum
                let e = VectorMath.exp(shifted)
                sums += e
                if summaries != nil { weightedShifts += (e * shifted).replacing(with: 0, where: e .== 0) }
                return e
            }
            let total = sums.sum()
            let inverse = 1 / total
            if let summaries {
                var distances = Vector.zero
                var column = 0
                VectorMath.transform(row, count: valid) { e in
                    let p = e * inverse
                    let offset = lanes + Float(column - r)
                    distances += p * offset.replacing(with: -offset, where: offset .< 0)
                    column += 8
                    return p
                }
                let summary = summaries + 3 * r
                summary[0] = Foundation.log(total) - weightedShifts.sum() * inverse
                summary[1] = inverse
                summary[2] = distances.sum()
            } else {
                VectorMath.transform(row, count: valid) { $0 * inverse }
            }
            (row + valid).update(repeating: 0, count: stride - valid)
        }
    }

    /// `dS[r, j] = P[r, j] · (dP[r, j] − Σ_k dP[r, k] · P[r, k])` for the first `rows` rows.
    static func backwardRows(
        probabilities: UnsafePointer<Float>, dProbabilities: UnsafePointer<Float>, dScores: UnsafeMutablePointer<Float>,
        rows: Int, valid: Int, stride: Int
    ) {
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
