import Models
import Tensors

/// The per-token attribution methods, as pure functions of one window's attention maps and gradients.
///
/// Every method returns one raw, unnormalised score per token of the window, special tokens included.
/// Shapes: L = layers, H = heads, T = tokens of the window. Only the row of the token the classifier pools
/// (`row`: 0, `[CLS]`, for the encoders; the last token for GPT-2) of the final relevance matrix is read, so each product chain is evaluated as a row vector times matrices,
/// `O(L·T²)` instead of `O(L·T³)`.
public enum AttributionMethods {
    /// Raw attention: the last layer's pooled-token row (`row`, default the first token), averaged over heads.
    /// - Parameter attentions: per layer `[H, T, T]`.
    public static func rawAttention(_ attentions: [Tensor], row: Int = 0) -> [Float] {
        guard let last = attentions.last else { return [] }
        var first = [Float](repeating: 0, count: last.shape[1])
        first[row] = 1
        return rowTimesHeadMean(first, last) { row, _ in row }
    }

    /// Attention rollout (Abnar & Zuidema 2020): per layer Â = 0.5·mean_h(A) + 0.5·I with rows renormalised,
    /// R = Â_L ⋯ Â_1 (multiplied from the first layer to the last), and row `row` (the pooled token) of R.
    ///
    /// See <https://arxiv.org/abs/2005.00928> and the authors' `attention_flow` code.
    /// - Parameter attentions: per layer `[H, T, T]`.
    public static func rollout(_ attentions: [Tensor], row: Int = 0) -> [Float] {
        guard let first = attentions.first else { return [] }
        let t = first.shape[1]
        // v ← e_rowᵀ, then v ← v · Â_l for l = L … 1 gives e_rowᵀ Â_L ⋯ Â_1.
        var v = [Float](repeating: 0, count: t)
        v[row] = 1
        for attention in attentions.reversed() {
            // Row i of Â is (0.5·Ā_i + 0.5·e_i) / (0.5·Σ_j Ā_ij + 0.5): weight v_i by the inverse norm first.
            let h = attention.shape[0]
            var weights = [Float](repeating: 0, count: t)
            weights.withUnsafeMutableBufferPointer { weights in
                let weights = UncheckedBox(weights.baseAddress!)
                Parallel.chunks(t, minimumChunk: 64) { rows in
                    for i in rows where v[i] != 0 {
                        let total = (0..<h).map { rowSum(attention, head: $0, row: i) }.reduce(0, +) / Float(h)
                        weights.value[i] = v[i] / (0.5 * total + 0.5)
                    }
                }
            }
            var next = rowTimesHeadMean(weights, attention) { row, _ in row }
            for i in 0..<t { next[i] = 0.5 * next[i] + 0.5 * weights[i] }
            v = next
        }
        return v
    }

    /// Gradient-weighted attention (Chefer, Gur & Wolf 2021, "Generic Attention-model Explainability"):
    /// R = I; for each layer from first to last, Ā = mean_h(max(0, ∇A ⊙ A)), R ← R + Ā·R; row `row` (the pooled
    /// token).
    ///
    /// See <https://arxiv.org/abs/2103.15679> (Eq. 6 and 7 for self-attention).
    /// - Parameters:
    ///   - attentions: per layer `[H, T, T]`.
    ///   - gradients: per layer ∂logit/∂A, `[H, T, T]`.
    public static func gradientWeighted(_ attentions: [Tensor], gradients: [Tensor], row: Int = 0) -> [Float] {
        precondition(attentions.count == gradients.count, "one gradient per attention map")
        guard let first = attentions.first else { return [] }
        let t = first.shape[1]
        // R_L = (I + Ā_L) ⋯ (I + Ā_1); e_rowᵀ R_L = v after v ← v + v·Ā_l for l = L … 1.
        var v = [Float](repeating: 0, count: t)
        v[row] = 1
        for (attention, gradient) in zip(attentions, gradients).reversed() {
            let update = rowTimesHeadMean(v, attention, gradient) { a, g in VectorMath.maximum(a * g, .zero) }
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
        (0..<attention.shape[0]).map { headImportance(attention, gradient: gradient, head: $0) }
    }

    /// `|Σ A_h ⊙ G_h|` for one head `h` of `[H, T, T]` maps (see `headImportance(_:gradient:)`).
    public static func headImportance(_ attention: Tensor, gradient: Tensor, head: Int) -> Float {
        let size = attention.count / attention.shape[0]
        return attention.scalars.withUnsafeBufferPointer { a in
            gradient.scalars.withUnsafeBufferPointer { g in
                abs(VectorMath.dot(a.baseAddress! + head * size, g.baseAddress! + head * size, count: size))
            }
        }
    }

    // MARK: - Helpers

    /// `v · M` for the `[T, T]` matrix `M = mean_h term(A_h, G_h)`, one row of the maps at a time (rows where
    /// `v` is zero are skipped, so the first step of every chain, `v = e₀`, reads one row per head), without
    /// forming `M`. Rows are split across cores, each with its own accumulator.
    static func rowTimesHeadMean(
        _ v: [Float], _ attention: Tensor, _ gradient: Tensor? = nil,
        _ term: (VectorMath.Vector, VectorMath.Vector) -> VectorMath.Vector
    ) -> [Float] {
        let h = attention.shape[0]
        let t = attention.shape[1]
        let nonzero = v.indices.filter { v[$0] != 0 }
        let workers = nonzero.count >= 64 ? Parallel.width : 1
        var partial = [Float](repeating: 0, count: workers * t)
        attention.scalars.withUnsafeBufferPointer { a in
            (gradient ?? attention).scalars.withUnsafeBufferPointer { g in
                partial.withUnsafeMutableBufferPointer { partial in
                    let (a, g, partial) = (a.baseAddress!, g.baseAddress!, UncheckedBox(partial.baseAddress!))
                    Parallel.forEach(workers) { w in
                        let out = partial.value + w * t
                        var k = w
                        while k < nonzero.count {
                            let i = nonzero[k]
                            let weight = v[i] / Float(h)
                            for head in 0..<h {
                                let offset = (head * t + i) * t
                                var j = 0
                                while j + 8 <= t {
                                    let value = term(VectorMath.load(a, offset + j), VectorMath.load(g, offset + j))
                                    VectorMath.store(VectorMath.load(out, j) + weight * value, out, j)
                                    j += 8
                                }
                                while j < t {
                                    let value = term(
                                        VectorMath.Vector(repeating: a[offset + j]),
                                        VectorMath.Vector(repeating: g[offset + j]))
                                    out[j] += weight * value[0]
                                    j += 1
                                }
                            }
                            k += workers
                        }
                    }
                }
            }
        }
        return (0..<t).map { j in (0..<workers).reduce(Float(0)) { $0 + partial[$1 * t + j] } }
    }

    /// Σ_j A_h[row, j] of `[H, T, T]` maps.
    static func rowSum(_ attention: Tensor, head: Int, row: Int) -> Float {
        let t = attention.shape[1]
        return attention.scalars.withUnsafeBufferPointer { a in
            VectorMath.sum(a.baseAddress! + (head * t + row) * t, count: t)
        }
    }
}
