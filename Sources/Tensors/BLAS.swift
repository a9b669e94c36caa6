import CBLAS

/// The engine's only door to the system BLAS (OpenBLAS): single-precision matrix products on row-major
/// buffers. Every call site passes leading dimensions explicitly so that heads can be addressed as strided
/// column blocks of a `[T, C]` matrix without copying.
///
/// OpenBLAS runs single-threaded: the engine parallelises itself (large products split by rows with
/// `parallel: true`, attention heads spread across cores), which avoids OpenBLAS's spinning worker threads
/// competing with the engine's own.
public enum BLAS {
    /// Sets OpenBLAS to one thread, once, before the first product.
    private static let singleThreaded: Void = { openblas_set_num_threads(1) }()

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
        _ = singleThreaded
        cblas_sgemm(
            CblasRowMajor, transA.cblas, transB.cblas, Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b,
            Int32(ldb), beta, c, Int32(ldc))
    }

    /// `gemm` split by rows of `C` across cores when the product is large (each worker computes a block of rows).
    public static func parallelGemm(
        _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let workers = m * n * k >= 1 << 21 ? min(Parallel.width, max(1, m / 16)) : 1
        guard workers > 1 else {
            gemm(
                transA, transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c,
                ldc: ldc)
            return
        }
        let rows = (m + workers - 1) / workers
        Parallel.forEach(workers) { w in
            let first = w * rows
            let count = min(m, first + rows) - first
            guard count > 0 else { return }
            // Rows of op(A): row-major A advances by lda per row; transposed A by one column per row.
            let aStart = transA == .none ? a + first * lda : a + first
            gemm(
                transA, transB, m: count, n: n, k: k, alpha: alpha, a: aStart, lda: lda, b: b, ldb: ldb, beta: beta,
                c: c + first * ldc, ldc: ldc)
        }
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
                    parallelGemm(
                        transA, transB, m: m, n: n, k: k, alpha: alpha, a: a.baseAddress!,
                        lda: transA == .none ? k : m, b: b.baseAddress!, ldb: transB == .none ? n : k, beta: beta,
                        c: c.baseAddress!, ldc: n)
                }
            }
        }
    }
}
