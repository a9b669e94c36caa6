import CVectorKernels

/// Element-wise kernels in AVX-512 (the `CVectorKernels` C target), for processors that have it.
///
/// The package builds for baseline x86-64, where Swift's `SIMD8<Float>` is two SSE registers and has no fused
/// multiply-add; the attention softmax, the largest cost of an explanation after the BLAS products, took 2.5 %
/// instead of 9 % of an explanation's CPU time at 512 tokens in AVX-512. Callers check `isAvailable` and otherwise
/// run their portable Swift code, which is the reference the kernels are tested against (ModelsTests'
/// `SoftmaxTests` and `ActivationSlopeTests`). Results agree with it to rounding;
/// they are not bit-identical across processors (neither are OpenBLAS's, which also picks kernels at run time).
public enum AcceleratedKernels {
    /// Whether this processor runs the kernels (AVX-512F and FMA).
    public static let isAvailable: Bool = vk_has_avx512() != 0

    /// Row softmax in place over the first `valid` columns of `rows` rows of stride `stride`, columns past `valid`
    /// set to 0; with `summaries`, `[rows, 4]` per-row entropy, largest probability, mean distance and total (the
    /// layout of `AttentionRowSummary` in Models). Only when `isAvailable`.
    ///
    /// - Parameters:
    ///   - data: `[rows, stride]`, scores in, probabilities out.
    ///   - valid: columns that take part (≥ 1, ≤ `stride`).
    public static func softmaxRows(
        _ data: UnsafeMutablePointer<Float>, rows: Int, valid: Int, stride: Int,
        summaries: UnsafeMutablePointer<Float>?
    ) {
        precondition(isAvailable, "AVX-512 kernels on a processor without AVX-512")
        precondition(valid >= 1 && valid <= stride, "softmax over \(valid) of \(stride) columns")
        vk_softmax_rows_avx512(data, rows, valid, stride, summaries)
    }

    /// GELU in place, `x·Φ(x)` with Φ from erf (`Activation.gelu` in Models), on `count` floats; with `slopes`,
    /// also the derivative `Φ(x) + x·φ(x)` at the original values. Only when `isAvailable`.
    public static func gelu(_ values: UnsafeMutablePointer<Float>, slopes: UnsafeMutablePointer<Float>?, count: Int) {
        precondition(isAvailable, "AVX-512 kernels on a processor without AVX-512")
        vk_gelu_avx512(values, slopes, count)
    }
}

extension AcceleratedKernels {
    /// The softmax's backward pass, `dS[r, j] = P[r, j] · (dP[r, j] − Σ_k dP[r, k] · P[r, k])`, over the first
    /// `valid` columns of `rows` rows of stride `stride` (columns past `valid` set to 0), as `Softmax.backwardRows`
    /// in Models. `gradient` and `scores` may be the same buffer. Only when `isAvailable`.
    public static func softmaxBackwardRows(
        probabilities: UnsafePointer<Float>, gradient: UnsafePointer<Float>, scores: UnsafeMutablePointer<Float>,
        rows: Int, valid: Int, stride: Int
    ) {
        precondition(isAvailable, "AVX-512 kernels on a processor without AVX-512")
        precondition(valid >= 0 && valid <= stride, "softmax backward over \(valid) of \(stride) columns")
        vk_softmax_backward_rows_avx512(probabilities, gradient, scores, rows, valid, stride)
    }

    /// One head's row sums for rollout, gradient-weighted attention and the head measures (Attribution's
    /// `BackwardAttribution.observe`), over its map A `[length, length]` and the gradient G of its first
    /// `gradientRows` rows: for every row i, `columns += A[i]`, `rollout += rolloutWeights[i] · A[i]`, and for rows
    /// with gradient `weighted += weightedWeights[i] · max(0, A[i] ⊙ G[i])`. Returns Σ A ⊙ G. The three
    /// accumulators hold at least `length` floats. Only when `isAvailable`.
    public static func attentionMapSums(
        attention: UnsafePointer<Float>, gradient: UnsafePointer<Float>, gradientRows: Int, length: Int,
        rolloutWeights: UnsafePointer<Float>, weightedWeights: UnsafePointer<Float>,
        columns: UnsafeMutablePointer<Float>, rollout: UnsafeMutablePointer<Float>,
        weighted: UnsafeMutablePointer<Float>
    ) -> Float {
        precondition(isAvailable, "AVX-512 kernels on a processor without AVX-512")
        precondition(gradientRows >= 0 && gradientRows <= length, "\(gradientRows) gradient rows of \(length)")
        return vk_attention_map_sums_avx512(
            attention, gradient, gradientRows, length, rolloutWeights, weightedWeights, columns, rollout, weighted)
    }
}
