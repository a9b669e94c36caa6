import Foundation

/// Numerically stable row softmax over the first `valid` columns of row-major rows, and its backward.
enum Softmax {
    /// In place: `row[j] = exp(row[j] − max) / Σ exp(...)` for `j < valid`; columns `≥ valid` set to 0.
    static func rows(_ data: UnsafeMutablePointer<Float>, rows: Int, valid: Int, stride: Int) {
        for r in 0..<rows {
            let row = data + r * stride
            var maximum = -Float.infinity
            for j in 0..<valid where row[j] > maximum { maximum = row[j] }
            var sum: Float = 0
            for j in 0..<valid {
                let e = exp(row[j] - maximum)
                row[j] = e
                sum += e
            }
            let inverse = 1 / sum
            for j in 0..<valid { row[j] *= inverse }
            for j in valid..<stride { row[j] = 0 }
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
            var dot: Float = 0
            for j in 0..<valid { dot += dp[j] * p[j] }
            for j in 0..<valid { ds[j] = p[j] * (dp[j] - dot) }
            for j in valid..<stride { ds[j] = 0 }
        }
    }
}
