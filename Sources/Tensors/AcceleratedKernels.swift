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
