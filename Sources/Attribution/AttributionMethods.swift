import Models
import Tensors

/// The per-token attribution methods, as pure functions of one window's attention maps and gradients.
///
/// Every method returns one raw, unnormalised score per token of the window, special tokens included.
/// Shapes: L = layers, H = heads, T = tokens of the window. Only the `[CLS]` (first-token) row of the
/// final relevance matrix is read, so each product chain is evaluated as a row vector times matrices,
/// `O(L·T²)` instead of `O(L·T³)`.
public enum AttributionMethods {
    /// Raw attention: the last layer's first-token row, averaged over heads.
    /// - Parameter attentions: per layer `[H, T, T]`.
    public static func rawAttention(_ attentions: [Tensor]) -> [Float] {
        guard let last = attentions.last else { return [] }
        return headMean(last).row(0)
    }

    /// Attention rollout (Abnar & Zuidema 2020): per layer Â = 0.5·mean_h(A) + 0.5·I with rows renormalised,
    /// R = Â_L ⋯ Â_1 (multiplied from the first layer to the last), and the first-token row of R.
    ///
    /// See <https://arxiv.org/abs/2005.00928> and the authors' `attention_flow` code.
    /// - Parameter attentions: per layer `[H, T, T]`.
    public static func rollout(_ attentions: [Tensor]) -> [Float] {
        guard let first = attentions.first else { return [] }
        let t = first.shape[1]
        // v ← e₀ᵀ, then v ← v · Â_l for l = L … 1 gives e₀ᵀ Â_L ⋯ Â_1.
        var v = [Float](repeating: 0, count: t)
        v[0] = 1
        for attention in attentions.reversed() {
            var mixed = headMean(attention)  // [T, T]
            mixed.scalars.withUnsafeMutableBufferPointer { m in
                for i in 0..<t {
                    var sum: Float = 0
                    for j in 0..<t {
                        let value = 0.5 * m[i * t + j] + (i == j ? 0.5 : 0)
                        m[i * t + j] = value
                        sum += value
                    }
                    if sum > 0 {
                        let inverse = 1 / sum
                        for j in 0..<t { m[i * t + j] *= inverse }
                    }
                }
            }
            v = rowTimesMatrix(v, mixed)
        }
        return v
    }

    /// Gradient-weighted attention (Chefer, Gur & Wolf 2021, "Generic Attention-model Explainability"):
    /// R = I; for each layer from first to last, Ā = mean_h(max(0, ∇A ⊙ A)), R ← R + Ā·R; the first-token row.
    ///
    /// See <https://arxiv.org/abs/2103.15679> (Eq. 6 and 7 for self-attention).
    /// - Parameters:
    ///   - attentions: per layer `[H, T, T]`.
    ///   - gradients: per layer ∂logit/∂A, `[H, T, T]`.
    public static func gradientWeighted(_ attentions: [Tensor], gradients: [Tensor]) -> [Float] {
        precondition(attentions.count == gradients.count, "one gradient per attention map")
        guard let first = attentions.first else { return [] }
        let t = first.shape[1]
        // R_L = (I + Ā_L) ⋯ (I + Ā_1); e₀ᵀ R_L = v after v ← v + v·Ā_l for l = L … 1.
        var v = [Float](repeating: 0, count: t)
        v[0] = 1
        for (attention, gradient) in zip(attentions, gradients).reversed() {
            let weighted = positiveGradientMean(attention, gradient)  // [T, T]
            let update = rowTimesMatrix(v, weighted)
            for j in 0..<t { v[j] += update[j] }
        }
        return v
    }

    /// Gradient × input on the word embeddings: Σ_c (∂logit/∂e_tc) · e_tc per token.
    /// - Parameters:
    ///   - gradient: `[T, C]`.
    ///   - inputs: the word embeddings, `[T, C]`.
    public static func gradientTimesInput(gradient: Tensor, inputs: Tensor) -> [Float] {
        let t = inputs.shape[0]
        let c = inputs.shape[1]
        return (0..<t).map { i in
            var sum: Float = 0
            for j in 0..<c { sum += gradient.scalars[i * c + j] * inputs.scalars[i * c + j] }
            return sum
        }
    }

    /// Head importance (Michel, Levy & Neubig 2019): |Σ_ij A ⊙ ∂logit/∂A| per head, `[H]` for one layer.
    public static func headImportance(_ attention: Tensor, gradient: Tensor) -> [Float] {
        let h = attention.shape[0]
        let size = attention.count / h
        return attention.scalars.withUnsafeBufferPointer { a in
            gradient.scalars.withUnsafeBufferPointer { g in
                (0..<h).map { head in
                    var sums = VectorMath.Vector.zero
                    let (a, g) = (a.baseAddress! + head * size, g.baseAddress! + head * size)
                    var i = 0
                    while i < size {
                        sums +=
                            VectorMath.load(a, i, count: size, padding: 0)
                            * VectorMath.load(g, i, count: size, padding: 0)
                        i += 8
                    }
                    return abs(sums.sum())
                }
            }
        }
    }

    // MARK: - Helpers

    /// Mean over heads: `[H, T, T]` → `[T, T]`.
    static func headMean(_ attention: Tensor) -> Tensor {
        headReduce(attention, attention) { a, _ in a }
    }

    /// `[T, T]` mean over heads of `max(0, A ⊙ ∇A)`.
    static func positiveGradientMean(_ attention: Tensor, _ gradient: Tensor) -> Tensor {
        headReduce(attention, gradient) { a, g in VectorMath.maximum(a * g, .zero) }
    }

    /// `[T, T]` mean over the heads of `term(A_h, G_h)` for `[H, T, T]` tensors, eight entries at a time.
    @inline(__always)
    private static func headReduce(
        _ first: Tensor, _ second: Tensor, _ term: (VectorMath.Vector, VectorMath.Vector) -> VectorMath.Vector
    ) -> Tensor {
        let h = first.shape[0]
        let t = first.shape[1]
        let size = t * t
        let inverse = 1 / Float(h)
        let mean = [Float](unsafeUninitializedCapacity: size) { out, initialized in
            first.scalars.withUnsafeBufferPointer { a in
                second.scalars.withUnsafeBufferPointer { g in
                    let (a, g, out) = (a.baseAddress!, g.baseAddress!, out.baseAddress!)
                    // Blocks of eight entries spread across cores; the last block may be partial.
                    Parallel.chunks((size + 7) / 8, minimumChunk: 4096) { blocks in
                        for block in blocks {
                            let i = block * 8
                            var sum = VectorMath.Vector.zero
                            if i + 8 <= size {
                                for head in 0..<h {
                                    sum += term(
                                        VectorMath.load(a, head * size + i), VectorMath.load(g, head * size + i))
                                }
                                VectorMath.store(sum * inverse, out, i)
                            } else {
                                for head in 0..<h {
                                    sum += term(
                                        VectorMath.load(a + head * size, i, count: size, padding: 0),
                                        VectorMath.load(g + head * size, i, count: size, padding: 0))
                                }
                                for lane in 0..<(size - i) { out[i + lane] = sum[lane] * inverse }
                            }
                        }
                    }
                }
            }
            initialized = size
        }
        return Tensor(shape: [t, t], scalars: mean)
    }

    static func rowTimesMatrix(_ v: [Float], _ m: Tensor) -> [Float] {
        let t = v.count
        var out = [Float](repeating: 0, count: t)
        m.scalars.withUnsafeBufferPointer { m in
            out.withUnsafeMutableBufferPointer { out in
                let (m, out) = (m.baseAddress!, out.baseAddress!)
                for i in 0..<t where v[i] != 0 {
                    let weight = v[i]
                    let row = m + i * t
                    for j in 0..<t { out[j] += weight * row[j] }
                }
            }
        }
        return out
    }
}

extension Tensor {
    /// Row `i` of a `[R, C]` tensor.
    func row(_ i: Int) -> [Float] {
        let c = shape[1]
        return Array(scalars[(i * c)..<((i + 1) * c)])
    }
}
