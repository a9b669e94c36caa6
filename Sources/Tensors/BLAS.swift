import CBLAS

/// The engine's only door to the system BLAS (OpenBLAS): single-precision matrix products on row-major
/// buffers. Every call site passes leading dimensions explicitly so that heads can be addressed as strided
/// column blocks of a `[T, C]` matrix without copying.
public enum BLAS {
    /// Whether an operand is used as stored or transposed.
    public enum Transpose: Sendable {
        case none, transpose
        var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
    }

    /// `C ← alpha · op(A) · op(B) + beta · C`, all row-major.
    ///
    /// - Parameters:
    ///   - m: rows of `op(A)` and `C`; `n`: columns of `op(B)` and `C`; `k`: columns of `op(A)` = rows of `op(B)`.
    ///   - lda, ldb, ldc: leading dimensions (row strides) of the stored matrices.
    @inline(__always)
    public static func gemm(
        _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        cblas_sgemm(
            CblasRowMajor, transA.cblas, transB.cblas, Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b,
            Int32(ldb), beta, c, Int32(ldc))
    }

    /// Array convenience: `C[m, n] ← alpha · op(A) · op(B) + beta · C` with dense operands.
    ///
    /// `a` is `[m, k]` (or `[k, m]` when transposed), `b` is `[k, n]` (or `[n, k]`).
    public static func gemm(
        _ transA: Transpose = .none, _ transB: Transpose = .none, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: [Float], b: [Float], beta: Float = 0, c: inout [Float]
    ) {
        precondition(a.count >= m * k && b.count >= k * n && c.count >= m * n, "gemm operand too small")
        guard m > 0, n > 0, k > 0 else {
            if m > 0, n > 0 { for i in 0..<(m * n) { c[i] *= beta } }
            return
        }
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    gemm(
                        transA, transB, m: m, n: n, k: k, alpha: alpha, a: a.baseAddress!,
                        lda: transA == .none ? k : m, b: b.baseAddress!, ldb: transB == .none ? n : k, beta: beta,
                        c: c.baseAddress!, ldc: n)
                }
            }
        }
    }

    /// The number of threads OpenBLAS uses.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// Sets OpenBLAS's thread count (e.g. 1 inside already-parallel loops).
    public static func setThreadCount(_ count: Int) { openblas_set_num_threads(Int32(count)) }
}
