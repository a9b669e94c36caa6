import CBLAS
import Foundation

/// The engine's only door to the system BLAS (OpenBLAS): single-precision matrix products on row-major
/// buffers. Every call site passes leading dimensions explicitly so that heads can be addressed as strided
/// column blocks of a `[T, C]` matrix without copying.
///
/// OpenBLAS runs single-threaded: the engine parallelises itself (large products split by rows with
/// `parallel: true`, attention heads spread across cores), which avoids OpenBLAS's spinning worker threads
/// competing with the engine's own.
public enum BLAS {
    /// OpenBLAS's build and the kernel it chose for this processor, e.g.
    /// "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64 (core Cooperlake)".
    public static var configuration: String {
        let config = openblas_get_config().map { String(cString: $0) } ?? "unknown BLAS"
        let core = openblas_get_corename().map { String(cString: $0) } ?? "unknown"
        return "\(config.trimmingCharacters(in: .whitespaces)) (core \(core))"
    }

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

    /// `gemm` split across cores when the product is large: by rows of `C` when it has more rows than columns,
    /// otherwise by columns.
    ///
    /// Each worker packs the whole of the operand it shares with the others, so splitting the longer side of `C`
    /// packs the least: for a 128-token linear layer (`m` = 128, `n` = 1536) a row split would pack the weight
    /// matrix once per core, a fifth of the product's time.
    public static func parallelGemm(
        _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let byRows = m >= n
        let side = byRows ? m : n
        let workers = m * n * k >= 1 << 21 ? min(Parallel.width, max(1, side / 16)) : 1
        guard workers > 1 else {
            gemm(
                transA, transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c,
                ldc: ldc)
            return
        }
        // Blocks of whole multiples of 16 rows or columns, the last one shorter.
        let block = ((side + workers - 1) / workers + 15) / 16 * 16
        Parallel.forEach(workers) { w in
            let first = w * block
            let count = min(side, first + block) - first
            guard count > 0 else { return }
            if byRows {
                // Rows of op(A): row-major A advances by lda per row; transposed A by one column per row.
                let aStart = transA == .none ? a + first * lda : a + first
                gemm(
                    transA, transB, m: count, n: n, k: k, alpha: alpha, a: aStart, lda: lda, b: b, ldb: ldb,
                    beta: beta, c: c + first * ldc, ldc: ldc)
            } else {
                // Columns of op(B): row-major B advances by one column; transposed B by ldb per column.
                let bStart = transB == .none ? b + first : b + first * ldb
                gemm(
                    transA, transB, m: m, n: count, k: k, alpha: alpha, a: a, lda: lda, b: bStart, ldb: ldb,
                    beta: beta, c: c + first, ldc: ldc)
            }
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
