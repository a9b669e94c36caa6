import Foundation
import Tensors

/// Rotary position embedding as ModernBERT applies it to queries and keys (`ModernBertRotaryEmbedding` and
/// `apply_rotary_pos_emb` in `transformers`, the "rotate half" form):
///
/// ```
/// f_i = 1 / θ^(2i / D)                 i < D/2, in Float32 as transformers forms it
/// c = cos(p · f_i), s = sin(p · f_i)   p = the token's position in its sequence (0, 1, …; padding on the right)
/// y[i]       = x[i] · c − x[i + D/2] · s
/// y[i + D/2] = x[i + D/2] · c + x[i] · s
/// ```
/// The rotation is orthogonal, so its backward pass is the rotation by −p: `dx = Rᵀ dy`.
/// Shapes: T = positions, D = head size (even).
struct RotaryEmbedding: Sendable {
    /// D.
    let headSize: Int
    /// `[D/2]`.
    let inverseFrequencies: [Float]

    init(headSize: Int, theta: Float) {
        precondition(headSize % 2 == 0, "rotary embedding of odd head size \(headSize)")
        self.headSize = headSize
        // 1.0 / (θ ** (arange(0, D, 2).float() / D)), in Float32.
        inverseFrequencies = (0..<(headSize / 2)).map { i in
            let exponent = Float(2 * i) / Float(headSize)
            return 1 / Float(Foundation.pow(Double(theta), Double(exponent)))
        }
    }

    /// cos and sin of `p · f_i` for positions `0..<length`, each `[T, D/2]`.
    func tables(length: Int) -> (cos: [Float], sin: [Float]) {
        let half = headSize / 2
        var cosines = [Float](repeating: 0, count: length * half)
        var sines = [Float](repeating: 0, count: length * half)
        for p in 0..<length {
            for i in 0..<half {
                let angle = Float(p) * inverseFrequencies[i]  // Float32 product, as transformers
                cosines[p * half + i] = Float(Foundation.cos(Double(angle)))
                sines[p * half + i] = Float(Foundation.sin(Double(angle)))
            }
        }
        return (cosines, sines)
    }

    /// Rotates, in place, every head's query and key of the stacked projections `[q | k | v]` (`[B·T, 3C]`, rows of
    /// sequence b at `b·T`, position = row − b·T); with `inverse`, rotates by −p (the backward pass of the rotation,
    /// applied to `[dq | dk | dv]`). Values are left alone.
    static func rotate(
        _ projections: UnsafeMutablePointer<Float>, rows: Int, length t: Int, channels c: Int, headSize d: Int,
        cos: [Float], sin: [Float], inverse: Bool = false
    ) {
        let half = d / 2
        let sign: Float = inverse ? -1 : 1
        cos.withUnsafeBufferPointer { cosines in
            sin.withUnsafeBufferPointer { sines in
                let (cosines, sines) = (cosines.baseAddress!, sines.baseAddress!)
                Parallel.chunks(rows, minimumChunk: 64) { range in
                    for r in range {
                        let p = r % t
                        let row = projections + r * 3 * c
                        let co = cosines + p * half
                        let si = sines + p * half
                        // Every head of q (columns 0..<C) and of k (C..<2C).
                        for start in stride(from: 0, to: 2 * c, by: d) {
                            let x = row + start
                            for i in 0..<half {
                                let (x1, x2) = (x[i], x[i + half])
                                let s = sign * si[i]
                                x[i] = x1 * co[i] - x2 * s
                                x[i + half] = x2 * co[i] + x1 * s
                            }
                        }
                    }
                }
            }
        }
    }
}
