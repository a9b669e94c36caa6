import Tensors

/// One attention head's backward pass in blocks of query rows, with the products in AVX-512
/// (`AcceleratedKernels.product`), where the processor has it; `backward` runs this then, and the whole-head BLAS
/// code otherwise (the reference `BlockedHeadsTests` compares it with).
///
/// A head's map and its gradient are `[T, T]` each (1 MB each at 512 tokens; together more than this machine's
/// second-level cache) and each of the head's backward products has an inner or outer size of D (32 in MiniLM):
/// whole-head BLAS calls pass over both from memory once per product, softmax and attribution, and OpenBLAS packs
/// a whole map for three of them. In blocks of query rows, a block of ∂L/∂A is formed, shown to the
/// observer, turned into ∂L/∂scores and multiplied out while it and the map's rows are in cache; ∂K and ∂V
/// accumulate over the blocks. (The forward pass gains nothing from blocks here: a head's 1 MB map fits the cache.)
/// The block size is `backwardBlockRows`.
extension SelfAttention {
    /// Query rows per block unless set otherwise (`backwardBlockRows`): at 512 tokens a block of the map and of its
    /// gradient (2 × 48 × 512 floats) stays in the second-level cache.
    public static let defaultBackwardBlockRows = 48

    /// `destination[p · count + j] = source[j · ld + p]` for `j < count`, `p < d`: a head's `[count, D]` values as
    /// `[D, count]`, so that the product forming ∂L/∂A reads their rows contiguously.
    private static func transposed(
        _ source: UnsafePointer<Float>, ld: Int, count: Int, d: Int
    ) -> UnsafeMutablePointer<Float> {
        let destination = UnsafeMutablePointer<Float>.allocate(capacity: d * count)
        for j in 0..<count {
            let row = source + j * ld
            for p in 0..<d { destination[p * count + j] = row[p] }
        }
        return destination
    }

    /// One head of one sequence, backward from `dContext` for its first `rows` query rows: ∂L/∂A (shown to `visit`
    /// block by block, then the rows without gradient as one more block; kept in `kept` when given), ∂L/∂scores,
    /// and the head's ∂Q (rows < `rows`), ∂K and ∂V (rows < `valid`), written into its blocks of the stacked
    /// gradient (row stride `ld`).
    ///
    /// - Parameters:
    ///   - blockRows: query rows per block.
    ///   - probabilities: the head's map `[T, T]`.
    ///   - dContext: the head's `[T, D]` block of ∂L/∂context (row stride `ldc`).
    ///   - kept: the head's `[T, T]` block of the returned ∂L/∂A, or nil when it is not kept.
    ///   - dropout: in training, the head's `[T, T]` dropout mask over the map and the kept elements' factor.
    static func backwardHeadInBlocks(
        q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>, ld: Int, d: Int, scale: Float,
        valid: Int, length t: Int, rows: Int, blockRows: Int, probabilities: UnsafePointer<Float>,
        dContext: UnsafePointer<Float>,
        ldc: Int, kept: UnsafeMutablePointer<Float>?, dropout: (kept: UnsafePointer<UInt8>, scale: Float)? = nil,
        dq: UnsafeMutablePointer<Float>,
        dk: UnsafeMutablePointer<Float>, dv: UnsafeMutablePointer<Float>, visit: ((AttentionBlock) -> Void)?
    ) {
        let values = transposed(v, ld: ld, count: valid, d: d)  // Vᵀ, [D, valid]
        // ∂L/∂A of a block when it is not kept, and ∂L/∂scores (in place unless ∂L/∂A is kept).
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: min(blockRows, rows) * t)
        defer {
            values.deallocate()
            scratch.deallocate()
        }
        var first = 0
        while first < rows {
            let count = min(blockRows, rows - first)
            let map = probabilities + first * t
            let dContextBlock = dContext + first * ldc
            // forward: context = P · V  ⇒  dP = dContext · Vᵀ
            let dProbabilities = kept.map { $0 + first * t } ?? scratch
            AcceleratedKernels.product(
                m: count, n: valid, k: d, a: dContextBlock, rowStride: ldc, innerStride: 1, b: values, ldb: valid,
                c: dProbabilities, ldc: t)
            if valid < t {
                for r in 0..<count { (dProbabilities + r * t + valid).update(repeating: 0, count: t - valid) }
            }
            // forward (training): P' = P ⊙ M / (1 − p)  ⇒  dP = dP' ⊙ M / (1 − p), and dV below reads P'.
            let dropped = dropout.map { dropout in
                dropGradient(
                    dProbabilities, kept: dropout.kept + first * t, scale: dropout.scale, rows: count, length: t)
                return drop(
                    map, kept: dropout.kept + first * t, scale: dropout.scale, rows: count, valid: valid, length: t)
            }
            defer { dropped?.deallocate() }
            visit?(
                AttentionBlock(
                    map: probabilities, gradient: dProbabilities, rows: first..<(first + count), gradientRows: rows,
                    length: t))
            // forward: P = softmax(S)  ⇒  dS = P ⊙ (dP − Σ_j dP ⊙ P)
            let dScores = scratch
            Softmax.backwardRows(
                probabilities: map, dProbabilities: dProbabilities, dScores: dScores, rows: count, valid: valid,
                stride: t)
            // forward: S = Q · Kᵀ · scale  ⇒  dQ = dS · K · scale, dK += dSᵀ · Q · scale; context = P' · V  ⇒
            // dV += P'ᵀ · dContext (over this block's rows; P' = P outside training).
            AcceleratedKernels.product(
                m: count, n: d, k: valid, alpha: scale, a: dScores, rowStride: t, innerStride: 1, b: k, ldb: ld,
                c: dq + first * ld, ldc: ld)
            AcceleratedKernels.product(
                m: valid, n: d, k: count, alpha: scale, a: dScores, rowStride: 1, innerStride: t, b: q + first * ld,
                ldb: ld, c: dk, ldc: ld, accumulate: first > 0)
            AcceleratedKernels.product(
                m: valid, n: d, k: count, a: dropped.map { UnsafePointer($0) } ?? map, rowStride: 1, innerStride: t,
                b: dContextBlock, ldb: ldc,
                c: dv,
                ldc: ld, accumulate: first > 0)
            first += count
        }
        // The rows without gradient, so that the observer sees the whole map.
        if rows < t {
            visit?(AttentionBlock(map: probabilities, gradient: scratch, rows: rows..<t, gradientRows: rows, length: t))
        }
    }
}
