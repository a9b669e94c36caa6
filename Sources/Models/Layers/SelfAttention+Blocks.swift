import Tensors

/// One attention head's forward and backward pass in blocks of query rows, with the products in AVX-512
/// (`AcceleratedKernels.product`), where the processor has it; `forward` and `backward` run these then, and the
/// whole-head BLAS code otherwise (the reference the tests compare with).
///
/// A head's map is `[T, T]` (1 MB at 512 tokens) and each of its products has inner or outer size D (32 in MiniLM):
/// whole-head BLAS calls pass over the map once per product, softmax and attribution, from memory. In blocks of
/// `blockRows` query rows, a block of scores is formed, turned into probabilities and multiplied with the values
/// while it is in cache; backwards, a block of ∂L/∂A is formed, shown to the observer, turned into ∂L/∂scores and
/// multiplied out while it and the map's rows are in cache. ∂K and ∂V accumulate over the blocks.
extension SelfAttention {
    /// Query rows per block: a block of the map and of its gradient (2 × 48 × 512 floats at 512 tokens) stays in
    /// the second-level cache.
    static let blockRows = 48

    /// Whether heads run in blocks with the AVX-512 products.
    static var runsInBlocks: Bool { AcceleratedKernels.isAvailable }

    /// `destination[p · count + j] = source[j · ld + p]` for `j < count`, `p < d`: a head's `[count, D]` keys or
    /// values as `[D, count]`, so that the products read their rows contiguously.
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

    /// One head of one sequence, forward: `scores = Q·Kᵀ · scale`, the row softmax (with row summaries), the
    /// optional perturbation, and `context = P · V` for the first `contextRows` rows.
    ///
    /// - Parameters:
    ///   - q, k, v: the head's `[T, D]` blocks in the stacked projections (row stride `ld`).
    ///   - scores: `[scoreRows, T]`, receives the probabilities (columns past `valid` zero).
    ///   - summaries: `[scoreRows, AttentionRowSummary.count]` or nil.
    ///   - context: the head's `[T, D]` block of the context (row stride `ldc`); rows past `contextRows` untouched.
    static func forwardHeadInBlocks(
        q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>, ld: Int, d: Int, scale: Float,
        valid: Int, length t: Int, scoreRows: Int, contextRows: Int, scores: UnsafeMutablePointer<Float>,
        summaries: UnsafeMutablePointer<Float>?, context: UnsafeMutablePointer<Float>, ldc: Int,
        perturbation: (row: Int, column: Int, delta: Float)?
    ) {
        let keys = transposed(k, ld: ld, count: valid, d: d)  // Kᵀ, [D, valid]
        defer { keys.deallocate() }
        let width = AttentionRowSummary.count
        var first = 0
        while first < scoreRows {
            let count = min(blockRows, scoreRows - first)
            let block = scores + first * t
            AcceleratedKernels.product(
                m: count, n: valid, k: d, alpha: scale, a: q + first * ld, rowStride: ld, innerStride: 1, b: keys,
                ldb: valid, c: block, ldc: t)
            Softmax.rows(
                block, rows: count, valid: valid, stride: t, summaries: summaries.map { $0 + first * width },
                firstRow: first)
            if let perturbation, (first..<(first + count)).contains(perturbation.row) {
                block[(perturbation.row - first) * t + perturbation.column] += perturbation.delta
            }
            let contextCount = min(count, contextRows - first)
            if contextCount > 0 {
                AcceleratedKernels.product(
                    m: contextCount, n: d, k: valid, a: block, rowStride: t, innerStride: 1, b: v, ldb: ld,
                    c: context + first * ldc, ldc: ldc)
            }
            first += count
        }
    }

    /// One head of one sequence, backward from `dContext` for its first `rows` query rows: ∂L/∂A (shown to `visit`
    /// block by block, then the rows without gradient as one more block; kept in `kept` when given), ∂L/∂scores, and the head's ∂Q (rows < `rows`), ∂K and ∂V
    /// (rows < `valid`), written into its blocks of the stacked gradient (row stride `ld`).
    ///
    /// - Parameters:
    ///   - probabilities: the head's map `[T, T]`.
    ///   - dContext: the head's `[T, D]` block of ∂L/∂context (row stride `ldc`).
    ///   - kept: the head's `[T, T]` block of the returned ∂L/∂A, or nil when it is not kept.
    static func backwardHeadInBlocks(
        q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>, ld: Int, d: Int, scale: Float,
        valid: Int, length t: Int, rows: Int, probabilities: UnsafePointer<Float>, dContext: UnsafePointer<Float>,
        ldc: Int, kept: UnsafeMutablePointer<Float>?, dq: UnsafeMutablePointer<Float>,
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
            visit?(
                AttentionBlock(
                    map: probabilities, gradient: dProbabilities, rows: first..<(first + count), gradientRows: rows,
                    length: t))
            // forward: P = softmax(S)  ⇒  dS = P ⊙ (dP − Σ_j dP ⊙ P)
            let dScores = scratch
            Softmax.backwardRows(
                probabilities: map, dProbabilities: dProbabilities, dScores: dScores, rows: count, valid: valid,
                stride: t)
            // forward: S = Q · Kᵀ · scale  ⇒  dQ = dS · K · scale, dK += dSᵀ · Q · scale; context = P · V  ⇒
            // dV += Pᵀ · dContext (over this block's rows).
            AcceleratedKernels.product(
                m: count, n: d, k: valid, alpha: scale, a: dScores, rowStride: t, innerStride: 1, b: k, ldb: ld,
                c: dq + first * ld, ldc: ld)
            AcceleratedKernels.product(
                m: valid, n: d, k: count, alpha: scale, a: dScores, rowStride: 1, innerStride: t, b: q + first * ld,
                ldb: ld, c: dk, ldc: ld, accumulate: first > 0)
            AcceleratedKernels.product(
                m: valid, n: d, k: count, a: map, rowStride: 1, innerStride: t, b: dContextBlock, ldb: ldc, c: dv,
                ldc: ld, accumulate: first > 0)
            first += count
        }
        // The rows without gradient, so that the observer sees the whole map.
        if rows < t {
            visit?(AttentionBlock(map: probabilities, gradient: scratch, rows: rows..<t, gradientRows: rows, length: t))
        }
    }
}
