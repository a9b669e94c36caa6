import Foundation
import Tensors

/// Multi-head scaled dot-product self-attention, as `BertSelfAttention` (eager) computes it.
///
/// Shapes: B = sequences, T = padded tokens, N = B·T rows, C = channels, H = heads, D = C / H.
/// The query, key and value projections run as one product with their weights stacked (`projection`,
/// `[3C, C]`), giving `[N, 3C]` rows `[q | k | v]`. Heads are strided column blocks of it: head h of sequence b
/// reads the `[T, D]` blocks at row `b·T`, columns `h·D`, `C + h·D` and `2C + h·D`, leading dimension 3C, so
/// no data is copied to split or merge heads.
public struct SelfAttention: Sendable {
    public var query: Linear { didSet { stack() } }
    public var key: Linear { didSet { stack() } }
    public var value: Linear { didSet { stack() } }
    /// H.
    public let headCount: Int
    /// `query`, `key` and `value` stacked: weight `[3C, C]`, bias `[3C]`; rebuilt whenever one of them changes
    /// (an optimiser step included), so it never goes stale.
    public private(set) var projection: Linear
    /// Whether the backward pass runs each head in blocks of query rows with the AVX-512 products
    /// (`SelfAttention+Blocks.swift`) rather than as whole-head BLAS products: true where the processor has
    /// AVX-512. Only tests turn it off, to compare the two; turning it on elsewhere traps.
    public var runsBackwardInBlocks = AcceleratedKernels.isAvailable
    /// Query rows per block when the backward pass runs in blocks (`defaultBackwardBlockRows`). Tests set a few rows
    /// to run several blocks on short inputs.
    public var backwardBlockRows = SelfAttention.defaultBackwardBlockRows {
        willSet { precondition(newValue > 0, "blocks of \(newValue) rows") }
    }

    public init(query: Linear, key: Linear, value: Linear, headCount: Int) {
        (self.query, self.key, self.value, self.headCount) = (query, key, value, headCount)
        projection = Self.stacked(query, key, value)
    }

    private mutating func stack() { projection = Self.stacked(query, key, value) }

    private static func stacked(_ q: Linear, _ k: Linear, _ v: Linear) -> Linear {
        Linear(
            weight: Tensor(
                shape: [q.outputSize + k.outputSize + v.outputSize, q.inputSize],
                scalars: q.weight.scalars + k.weight.scalars + v.weight.scalars),
            bias: Tensor(
                shape: [q.outputSize + k.outputSize + v.outputSize],
                scalars: q.bias.scalars + k.bias.scalars + v.bias.scalars))
    }

    /// What the backward pass needs from the forward pass.
    public struct Cache: Sendable {
        /// The stacked projections `[q | k | v]`, `[N, 3C]`.
        public var projections: Tensor
        /// The input `x[N, C]`, for the projections' weight gradients: kept in training only.
        var input: Tensor?
        /// The dropout mask over the probabilities, `[B, H, T, T]` (empty outside training).
        var dropout = DropoutMask.none
    }

    /// The forward pass: `[N, C]` input → context `[N, C]` and attention probabilities `[B, H, T, T]`.
    ///
    /// Padded keys (positions ≥ the sequence's length) get probability 0, as the additive `finfo.min` mask
    /// gives in `transformers`. Heads are independent and write disjoint blocks, so they run across cores.
    /// With `summarize`, also returns `[B, H, T, AttentionRowSummary.count]`: per query row its entropy, largest
    /// probability, mean distance and total, formed during the softmax (see `Softmax.rows`); otherwise an empty
    /// tensor.
    ///
    /// With `contextRows`, only the first `contextRows` query rows of each sequence get their context (the rest of
    /// the context is zero): a CLS-pooled classifier's last layer reads only row 0. The maps stay whole when kept.
    ///
    /// Without `keepProbabilities` (logits only) each head's scores live in a scratch block while the head is
    /// processed, only the `contextRows` rows are formed, and `probabilities` is empty; `summarize` needs them kept.
    ///
    /// With `training`, the values are weighted by the probabilities after dropout, `P' = P ⊙ M / (1 − p)`
    /// (`BertSelfAttention.dropout`); `probabilities` are those before dropout and the cache keeps the mask and `x`.
    public func forward(
        _ x: Tensor, batch: TokenBatch, keepCache: Bool, perturbation: AttentionPerturbation? = nil,
        summarize: Bool = false, contextRows: Int? = nil, keepProbabilities: Bool = true,
        training: TrainingContext? = nil
    ) -> (context: Tensor, probabilities: Tensor, cache: Cache?, summaries: Tensor) {
        precondition(keepProbabilities || !summarize, "row summaries are formed over kept maps")
        precondition(training == nil || (keepCache && keepProbabilities), "training keeps what backward needs")
        let qkv = projection.forward(x)  // [N, 3C]
        let (b, t, c, h) = (batch.count, batch.length, query.outputSize, headCount)
        let ld = 3 * c
        let d = c / h
        let scale = 1 / Float(d).squareRoot()
        let contextRows = min(contextRows ?? t, t)
        let scoreRows = keepProbabilities ? t : contextRows  // query rows whose scores are formed
        // Every kept entry is written below (scores and softmax for columns < valid, zeros beyond): no zero fill.
        var probabilities = [Float](overwrittenCount: keepProbabilities ? b * h * t * t : 0)  // [B, H, T, T]
        // Every head writes its rows < contextRows of every sequence (padded query rows included): zeros are
        // needed only when rows are left out.
        var context = [Float](overwrittenCount: b * t * c)  // [N, C]
        if contextRows < t {
            context.withUnsafeMutableBufferPointer { $0.initialize(repeating: 0) }
        }
        let width = AttentionRowSummary.count
        // Drawn before the heads run in parallel, in one order, so that a seed gives the same masks on any machine.
        let dropout = training.map { $0.mask(rate: $0.rates.attention, count: b * h * t * t) } ?? .none
        var summaries = [Float](overwrittenCount: summarize ? b * h * t * width : 0)  // [B, H, T, 4], every row
        summaries.withUnsafeMutableBufferPointer { summaryBuffer in
            // An empty array's buffer still has a base address (the shared empty storage): never write it.
            let summaryBase = UncheckedBox(summarize ? summaryBuffer.baseAddress : nil)
            withPointers(qkv, qkv, qkv, &probabilities, &context, dropout) { q, _, _, p, out, kept in
                let (k, v) = (q + c, q + 2 * c)
                Parallel.forEach(b * h) { item in
                    let (s, head) = (item / h, item % h)
                    let valid = batch.length(of: s)
                    let base = s * t * ld + head * d  // in the stacked projections
                    let out = out + s * t * c + head * d  // in the context
                    // [scoreRows, T] of sequence s, head `head`: in the kept maps, or in scratch.
                    let scratch =
                        keepProbabilities ? nil : UnsafeMutablePointer<Float>.allocate(capacity: scoreRows * t)
                    defer { scratch?.deallocate() }
                    let scores = scratch ?? p + item * t * t
                    // scores[:, :valid] = Q_bh · K_bhᵀ / √D
                    BLAS.gemm(
                        .none, .transpose, m: scoreRows, n: valid, k: d, alpha: scale, a: q + base, lda: ld,
                        b: k + base, ldb: ld, c: scores, ldc: t)
                    Softmax.rows(
                        scores, rows: scoreRows, valid: valid, stride: t,
                        summaries: summaryBase.value.map { $0 + item * t * width }
                    )
                    if let perturbation, perturbation.sequence == s, perturbation.head == head,
                        perturbation.row < scoreRows
                    {
                        scores[perturbation.row * t + perturbation.column] += perturbation.delta
                    }
                    // P' = P ⊙ M / (1 − p) in training (the rows that weight values), else P itself.
                    let dropped = kept.value.map { kept in
                        Self.drop(
                            scores, kept: kept + item * t * t, scale: dropout.scale, rows: contextRows, valid: valid,
                            length: t)
                    }
                    defer { dropped?.deallocate() }
                    // context_bh = P'_bh · V_bh
                    BLAS.gemm(
                        .none, .none, m: contextRows, n: d, k: valid, a: dropped ?? scores, lda: t, b: v + base,
                        ldb: ld, c: out, ldc: c)
                }
            }
        }
        let cache = keepCache ? Cache(projections: qkv, input: training == nil ? nil : x, dropout: dropout) : nil
        return (
            Tensor(shape: [b * t, c], scalars: context),
            Tensor(shape: keepProbabilities ? [b, h, t, t] : [0], scalars: probabilities), cache,
            Tensor(shape: summarize ? [b, h, t, width] : [0], scalars: summaries)
        )
    }

    /// The backward pass from `dContext[N, C]` to the input and to the attention probabilities.
    ///
    /// - Parameters:
    ///   - dContext: ∂L/∂context, `[N, C]`.
    ///   - probabilities: the forward pass's `[B, H, T, T]`.
    ///   - rowsWithGradient: when only the first `rows` query rows of every sequence carry gradient (e.g. a
    ///     CLS-pooled head reading only position 0 of the last layer), the work is limited to them.
    ///   - keepGradients: whether to return ∂L/∂A. Without it each head's gradient lives only in a scratch block
    ///     while the head is processed (seen by `visit`), and `dProbabilities` is empty.
    ///   - visit: shown every head's map and ∂L/∂A while they are in cache, as `(sequence, head, block)`: block by
    ///     block of query rows when heads run in blocks, else the whole map at once (see `AttentionBlock`). Called
    ///     concurrently for different heads.
    ///   - gradients: where to record the query, key and value weight gradients (training; the forward pass must
    ///     have had a training context), or nil for input gradients only.
    /// - Returns: `dInput[N, C]` and `dProbabilities[B, H, T, T]` = ∂L/∂A (rows past `rows` zero).
    public func backward(
        _ dContext: Tensor, probabilities: Tensor, cache: Cache, batch: TokenBatch, rowsWithGradient: Int? = nil,
        keepGradients: Bool = true, visit: HeadVisit? = nil,
        gradients: (sink: GradientSink, names: WeightNames.LayerNames)? = nil
    ) -> (dInput: Tensor, dProbabilities: Tensor) {
        let (b, t, c, h) = (batch.count, batch.length, query.outputSize, headCount)
        let ld = 3 * c
        let d = c / h
        let scale = 1 / Float(d).squareRoot()
        let rows = min(rowsWithGradient ?? t, t)
        let dropout = cache.dropout
        // With few rows carrying gradient, ∂K and ∂V have rank ≤ rows per head, and so has their share of dx:
        // dKₕ·Wkₕ = Σ_r (dSₕ[r]/√D)ᵀ ⊗ (Qₕ[r]·Wkₕ) and dVₕ·Wvₕ = Σ_r Pₕ[r]ᵀ ⊗ (dContextₕ[r]·Wvₕ). dx is then one
        // product [T, 2H·rows] · [2H·rows, C] (plus dQ·Wq on the first rows) instead of [T, 3C] · [3C, C].
        // (Weight gradients need dQ, dK and dV themselves: not with a sink; the factors hold P, not P': not after
        // dropout.)
        let lowRank = gradients == nil && cache.dropout.isEmpty && rows < t && 2 * h * rows < ld
        let factorCount = 2 * h * rows  // per sequence: the left factors (rows of dS/√D, then of P) and the right
        // Written below: the product fills rows < `rows`, columns < valid; each head zeroes the rest itself.
        let kept = keepGradients ? b * h * t * t : 0
        var dProbabilities = [Float](overwrittenCount: kept)  // [B, H, T, T]
        var dQKV = [Float](overwrittenCount: lowRank ? 0 : b * t * ld)  // [N, 3C]: [dQ | dK | dV]
        if !lowRank && (rows < t || batch.sequences.contains(where: { $0.count < t })) {
            dQKV.withUnsafeMutableBufferPointer { $0.initialize(repeating: 0) }  // not every block is written
        }
        var dQ = [Float](overwrittenCount: lowRank ? b * rows * c : 0)  // [B, rows, C]
        var left = [Float](overwrittenCount: lowRank ? b * factorCount * t : 0)  // [B, 2H·rows, T]
        var right = [Float](overwrittenCount: lowRank ? b * factorCount * c : 0)  // [B, 2H·rows, C]
        withPointers(cache.projections, probabilities, dContext, &dQKV, &dProbabilities, dropout) {
            q, p, dc, dq, kept, dropoutMask in
            let (k, v, dk, dv) = (q + c, q + 2 * c, dq + c, dq + 2 * c)
            // An empty array's buffer still has a base address (the shared empty storage): never write it.
            let keptBase = UncheckedBox(keepGradients ? kept : nil)
            let visit = visit.map(UncheckedBox.init)
            withPointers(projection.weight, &dQ, &left, &right) { w, dQ, left, right in
                let lowRankBuffers = UncheckedBox(lowRank ? (w: w, dQ: dQ, left: left, right: right) : nil)
                // Writes go to disjoint head blocks of `dProbabilities`, `dQKV` and the factors.
                Parallel.forEach(b * h) { item in
                    let (s, head) = (item / h, item % h)
                    let valid = batch.length(of: s)
                    let base = s * t * ld + head * d  // in the stacked projections and their gradients
                    let dc = dc + s * t * c + head * d  // in dContext
                    let probs = p + item * t * t  // [T, T]
                    let dropped = dropoutMask.value.map { (kept: $0 + item * t * t, scale: dropout.scale) }
                    // The head's kept ∂L/∂A, if kept: its rows past `rows` have no gradient.
                    let keptHead = keptBase.value.map { $0 + item * t * t }
                    if let keptHead { (keptHead + rows * t).update(repeating: 0, count: (t - rows) * t) }
                    if runsBackwardInBlocks && lowRankBuffers.value == nil {
                        Self.backwardHeadInBlocks(
                            q: q + base, k: k + base, v: v + base, ld: ld, d: d, scale: scale, valid: valid, length: t,
                            rows: rows, blockRows: backwardBlockRows, probabilities: probs, dContext: dc, ldc: c,
                            kept: keptHead, dropout: dropped, dq: dq + base, dk: dk + base, dv: dv + base,
                            visit: visit.map { visit in { block in visit.value(s, head, block) } })
                        return
                    }
                    // ∂L/∂A of this head, [rows, T]: in the returned tensor, or in scratch that dScores then reuses.
                    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: rows * t)
                    defer { scratch.deallocate() }
                    let dProbs = keptHead ?? scratch
                    let ds = scratch  // dScores [rows, T]
                    // forward: context = P · V  ⇒  dP = dContext · Vᵀ, dV = Pᵀ · dContext
                    BLAS.gemm(
                        .none, .transpose, m: rows, n: valid, k: d, a: dc, lda: c, b: v + base, ldb: ld, c: dProbs,
                        ldc: t)
                    if valid < t {
                        for r in 0..<rows { (dProbs + r * t + valid).update(repeating: 0, count: t - valid) }
                    }
                    // forward (training): P' = P ⊙ M / (1 − p)  ⇒  dP = dP' ⊙ M / (1 − p); dV = P'ᵀ · dContext
                    let droppedRows = dropped.map { dropped in
                        Self.dropGradient(dProbs, kept: dropped.kept, scale: dropped.scale, rows: rows, length: t)
                        return Self.drop(
                            probs, kept: dropped.kept, scale: dropped.scale, rows: rows, valid: valid, length: t)
                    }
                    defer { droppedRows?.deallocate() }
                    if lowRankBuffers.value == nil {
                        BLAS.gemm(
                            .transpose, .none, m: valid, n: d, k: rows,
                            a: droppedRows.map { UnsafePointer($0) } ?? probs,
                            lda: t, b: dc, ldb: c,
                            c: dv + base, ldc: ld)
                    }
                    visit?.value(
                        s, head,
                        AttentionBlock(map: probs, gradient: dProbs, rows: 0..<t, gradientRows: rows, length: t))
                    // forward: P = softmax(S)  ⇒  dS = P ⊙ (dP − Σ_j dP ⊙ P)  (in place when dP is scratch)
                    Softmax.backwardRows(
                        probabilities: probs, dProbabilities: dProbs, dScores: ds, rows: rows, valid: valid, stride: t
                    )
                    // forward: S = Q · Kᵀ / √D  ⇒  dQ = dS · K / √D, dK = dSᵀ · Q / √D
                    if let factors = lowRankBuffers.value {
                        BLAS.gemm(
                            .none, .none, m: rows, n: d, k: valid, alpha: scale, a: ds, lda: t, b: k + base, ldb: ld,
                            c: factors.dQ + s * rows * c + head * d, ldc: c)
                        let keyRow = s * factorCount + head * rows  // factor rows of this head's ∂K, then its ∂V
                        let valueRow = keyRow + h * rows
                        for r in 0..<rows {
                            let row = factors.left + (keyRow + r) * t
                            for j in 0..<t { row[j] = scale * ds[r * t + j] }
                            (factors.left + (valueRow + r) * t).update(from: probs + r * t, count: t)
                        }
                        // Qₕ[:rows] · Wkₕ and dContextₕ[:rows] · Wvₕ, [rows, C] each (Wkₕ = rows C + h·D … of W).
                        BLAS.gemm(
                            .none, .none, m: rows, n: c, k: d, a: q + base, lda: ld, b: factors.w + (c + head * d) * c,
                            ldb: c, c: factors.right + keyRow * c, ldc: c)
                        BLAS.gemm(
                            .none, .none, m: rows, n: c, k: d, a: dc, lda: c, b: factors.w + (2 * c + head * d) * c,
                            ldb: c, c: factors.right + valueRow * c, ldc: c)
                    } else {
                        BLAS.gemm(
                            .none, .none, m: rows, n: d, k: valid, alpha: scale, a: ds, lda: t, b: k + base, ldb: ld,
                            c: dq + base, ldc: ld)
                        BLAS.gemm(
                            .transpose, .none, m: valid, n: d, k: rows, alpha: scale, a: ds, lda: t, b: q + base,
                            ldb: ld, c: dk + base, ldc: ld)
                    }
                }
            }
        }
        let probabilitiesGradient = Tensor(shape: keepGradients ? [b, h, t, t] : [0], scalars: dProbabilities)
        guard lowRank else {
            // forward: [q | k | v] = x · Wᵀ + b with W = [Wq; Wk; Wv]  ⇒  dx = [dq | dk | dv] · W, one product;
            // dW = [dq | dk | dv]ᵀ · x, also one product, then split into the three projections' gradients.
            let dProjections = Tensor(shape: [b * t, ld], scalars: dQKV)
            if let gradients {
                guard let input = cache.input else { preconditionFailure("weight gradients need a training cache") }
                let (dWeight, dBias) = projection.parameterGradients(dProjections, input: input)  // [3C, C], [3C]
                let names = gradients.names
                for (part, name) in [names.query, names.key, names.value].enumerated() {
                    gradients.sink.record(
                        name,
                        dWeight: Tensor(
                            shape: [c, c], scalars: Array(dWeight.scalars[(part * c * c)..<((part + 1) * c * c)])),
                        dBias: Tensor(shape: [c], scalars: Array(dBias.scalars[(part * c)..<((part + 1) * c)])))
                }
            }
            return (projection.backwardInput(dProjections), probabilitiesGradient)
        }
        // dx = leftᵀ · right per sequence, then + dQ · Wq on its first rows.
        var dInput = [Float](overwrittenCount: b * t * c)  // [N, C]
        withPointers(projection.weight, &dInput, &left, &right) { w, dx, left, right in
            dQ.withUnsafeBufferPointer { dQ in
                for s in 0..<b {
                    BLAS.gemm(
                        .transpose, .none, m: t, n: c, k: factorCount, a: left + s * factorCount * t, lda: t,
                        b: right + s * factorCount * c, ldb: c, c: dx + s * t * c, ldc: c)
                    BLAS.gemm(
                        .none, .none, m: rows, n: c, k: c, a: dQ.baseAddress! + s * rows * c, lda: c, b: w, ldb: c,
                        beta: 1, c: dx + s * t * c, ldc: c)
                }
            }
        }
        return (Tensor(shape: [b * t, c], scalars: dInput), probabilitiesGradient)
    }

    // MARK: - Dropout on the probabilities (training)

    /// `P'[r, j] = P[r, j] · M[r, j] / (1 − p)` for the first `rows` rows and `valid` columns of a head's `[T, T]`
    /// map, in a new `[rows, T]` buffer (row stride T) that the caller deallocates.
    static func drop(
        _ map: UnsafePointer<Float>, kept: UnsafePointer<UInt8>, scale: Float, rows: Int, valid: Int, length t: Int
    ) -> UnsafeMutablePointer<Float> {
        let dropped = UnsafeMutablePointer<Float>.allocate(capacity: max(1, rows * t))
        for r in 0..<rows {
            for j in 0..<valid { dropped[r * t + j] = kept[r * t + j] == 0 ? 0 : map[r * t + j] * scale }
        }
        return dropped
    }

    /// `dP[r, j] = dP'[r, j] · M[r, j] / (1 − p)` in place over `rows` rows of T (the backward step of `drop`).
    static func dropGradient(
        _ gradient: UnsafeMutablePointer<Float>, kept: UnsafePointer<UInt8>, scale: Float, rows: Int, length t: Int
    ) {
        for i in 0..<(rows * t) { gradient[i] = kept[i] == 0 ? 0 : gradient[i] * scale }
    }

    /// What `backward` shows of each head: `(sequence, head, block)`, one or more blocks of query rows per head, in
    /// order (see `AttentionGradientObserver`). The block's pointers are valid only during the call.
    public typealias HeadVisit = (_ sequence: Int, _ head: Int, _ block: AttentionBlock) -> Void
}

/// Base pointers of three read-only tensors, two mutable buffers and a dropout mask's bytes (nil when it is
/// empty), for the duration of `body`.
private func withPointers(
    _ a: Tensor, _ b: Tensor, _ c: Tensor, _ d: inout [Float], _ e: inout [Float], _ mask: DropoutMask,
    _ body: (
        UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>,
        UnsafeMutablePointer<Float>, UncheckedBox<UnsafePointer<UInt8>?>
    ) -> Void
) {
    a.scalars.withUnsafeBufferPointer { a in
        b.scalars.withUnsafeBufferPointer { b in
            c.scalars.withUnsafeBufferPointer { c in
                d.withUnsafeMutableBufferPointer { d in
                    e.withUnsafeMutableBufferPointer { e in
                        mask.kept.withUnsafeBufferPointer { kept in
                            body(
                                a.baseAddress!, b.baseAddress!, c.baseAddress!, d.baseAddress!, e.baseAddress!,
                                UncheckedBox(mask.isEmpty ? nil : kept.baseAddress))
                        }
                    }
                }
            }
        }
    }
}

/// A change added to one attention probability after the softmax, before it weights the values.
///
/// It makes ∂logit/∂A observable by finite differences, the way `transformers`' returned attention tensors are
/// differentiated (they are the post-softmax probabilities the values are multiplied with).
public struct AttentionPerturbation: Sendable {
    public var layer: Int
    public var sequence: Int
    public var head: Int
    public var row: Int
    public var column: Int
    public var delta: Float

    public init(layer: Int, sequence: Int, head: Int, row: Int, column: Int, delta: Float) {
        (self.layer, self.sequence, self.head, self.row, self.column, self.delta) = (
            layer, sequence, head, row, column, delta
        )
    }
}

/// Base pointers of a read-only tensor and three mutable buffers, for the duration of `body`. An empty buffer's
/// pointer is the shared empty storage: valid to pass along, never to write.
private func withPointers(
    _ a: Tensor, _ b: inout [Float], _ c: inout [Float], _ d: inout [Float],
    _ body: (
        UnsafePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>
    )
        -> Void
) {
    a.scalars.withUnsafeBufferPointer { a in
        b.withUnsafeMutableBufferPointer { b in
            c.withUnsafeMutableBufferPointer { c in
                d.withUnsafeMutableBufferPointer { d in
                    body(a.baseAddress!, b.baseAddress!, c.baseAddress!, d.baseAddress!)
                }
            }
        }
    }
}
