import CVectorKernels
import Foundation

/// Kernels in AVX-512 (the `CVectorKernels` C target), for processors that have it: the passes over attention maps
/// (softmax and its backward pass, the attributions' sums), GELU, and the small products of attention heads.
///
/// The package builds for baseline x86-64, where Swift's `SIMD8<Float>` is two SSE registers and has no fused
/// multiply-add; the attention softmax, the largest cost of an explanation after the BLAS products, took 2.5 %
/// instead of 9 % of an explanation's CPU time at 512 tokens in AVX-512. The head products (`product`) let
/// `SelfAttention` run a head's backward pass in blocks of query rows that stay in cache. Callers check
/// `isAvailable` and otherwise run their portable Swift code or BLAS, which is the reference the kernels are tested
/// against (ModelsTests' `SoftmaxTests`, `ActivationSlopeTests` and `BlockedHeadsTests`, AttributionTests'
/// `BackwardAttributionTests`). Results agree with it to rounding; they are not bit-identical across processors
/// (neither are OpenBLAS's, which also picks kernels at run time).
public enum AcceleratedKernels {
    /// Whether this processor runs the kernels (AVX-512F and FMA) and `DOSSIER_PORTABLE_KERNELS` is not `1`.
    ///
    /// Setting `DOSSIER_PORTABLE_KERNELS=1` runs the portable route on any processor, e.g. to reproduce a
    /// dossier made on a machine without AVX-512 bit for bit, or to test that route here.
    public static let isAvailable: Bool = vk_has_avx512() != 0 && !portableRequested

    /// Whether half and bfloat16 weights are converted by the F16C/AVX2 kernels: the processor has AVX2 and F16C
    /// and `DOSSIER_PORTABLE_KERNELS` is not `1`. The kernels are bit-identical to the portable loops, so the
    /// dossier's numeric route (`routeName`) does not mention them.
    public static let convertsWithF16C: Bool = processorHasF16C && !portableRequested

    /// Whether the processor has AVX2 and F16C, whatever the environment asks.
    static let processorHasF16C: Bool = vk_has_f16c() != 0

    /// Whether this process's environment asks for the portable route.
    static let portableRequested: Bool = portableRequested(in: ProcessInfo.processInfo.environment)

    /// Whether an environment asks for the portable route: `DOSSIER_PORTABLE_KERNELS=1`.
    static func portableRequested(in environment: [String: String]) -> Bool {
        environment["DOSSIER_PORTABLE_KERNELS"] == "1"
    }

    /// The numeric route in words, as dossiers record it, e.g. "AVX-512 kernels" or "portable kernels".
    public static var routeName: String { isAvailable ? "AVX-512 kernels" : "portable kernels" }

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
    /// `BackwardAttribution.observe`) over `rows` rows of its map A (stride `length`) and the gradient G of the first
    /// `gradientRows` of them: for every row i, `columns += A[i]`, `rollout += rolloutWeights[i] · A[i]`, and for
    /// rows with gradient `weighted += weightedWeights[i] · max(0, A[i] ⊙ G[i])`. Returns Σ A ⊙ G. The three
    /// accumulators hold at least `length` floats; the weights, `rows`. Only when `isAvailable`.
    public static func attentionMapSums(
        attention: UnsafePointer<Float>, gradient: UnsafePointer<Float>, gradientRows: Int, rows: Int, length: Int,
        rolloutWeights: UnsafePointer<Float>, weightedWeights: UnsafePointer<Float>,
        columns: UnsafeMutablePointer<Float>, rollout: UnsafeMutablePointer<Float>,
        weighted: UnsafeMutablePointer<Float>
    ) -> Float {
        precondition(isAvailable, "AVX-512 kernels on a processor without AVX-512")
        precondition(gradientRows >= 0 && gradientRows <= rows, "\(gradientRows) gradient rows of \(rows)")
        return vk_attention_map_sums_avx512(
            attention, gradient, gradientRows, rows, length, rolloutWeights, weightedWeights, columns, rollout,
            weighted)
    }
}

extension AcceleratedKernels {
    /// `C ← alpha · A · B` (`+ C` with `accumulate`), C `[m, n]` with row stride `ldc` (`vk_product_avx512`), for
    /// the small products of the attention heads' backward pass on blocks of query rows. A is read as
    /// `a[i · rowStride + p · innerStride]`, so both a row-major A (`rowStride` = its row stride, `innerStride` = 1)
    /// and the transpose of one (1, row stride) are read in place; B's rows, `b[p · ldb + j]`, must be contiguous.
    /// Only when `isAvailable`.
    public static func product(
        m: Int, n: Int, k: Int, alpha: Float = 1, a: UnsafePointer<Float>, rowStride: Int, innerStride: Int,
        b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false
    ) {
        precondition(isAvailable, "AVX-512 kernels on a processor without AVX-512")
        precondition(m >= 0 && n >= 0 && k >= 0, "product of [\(m), \(k)] and [\(k), \(n)]")
        vk_product_avx512(m, n, k, alpha, a, rowStride, innerStride, b, ldb, c, ldc, accumulate ? 1 : 0)
    }
}
