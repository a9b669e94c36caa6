import Foundation
import Tensors

/// DeBERTa-v2's disentangled self-attention (`DisentangledSelfAttention` in `modeling_deberta_v2.py`), forward
/// and backward.
///
/// ```
/// q, k, v = x·Wqᵀ + bq, x·Wkᵀ + bk, x·Wvᵀ + bv                         // query_proj, key_proj, value_proj
/// S[i,j]  = q_i·k_j / s                                                // s = sqrt(D · scale_factor)
///         + q_i·pk[c2p(i,j)] / s                                       // "c2p": pk = rel·Wkᵀ + bk (or pos_key_proj)
///         + k_j·pq[p2c(i,j)] / s                                       // "p2c": pq = rel·Wqᵀ + bq (or pos_query_proj)
/// P       = softmax(S masked where query i or key j is padding)        // [B, H, T, T], the maps returned
/// context = P·v
/// ```
/// `rel` is the relative table (`rel_embeddings`, layer-normalised once per pass when `norm_rel_ebd` says so),
/// the same for every layer; c2p/p2c are `RelativePositions`' row indices. As in `transformers` (masked_fill
/// with the dtype's minimum, then softmax), a padded query row has every entry masked and comes out uniform,
/// 1/T over all T keys; real query rows give padded keys probability 0.
///
/// The backward pass reaches the probabilities (∂L/∂P) and, through the scores, the hidden states: the query
/// gets `dS·k/s` plus the c2p share `dC2P·pk/s`, the key `dSᵀ·q/s` plus the p2c share `dP2C·pq/s`, where dC2P
/// and dP2C gather dS back onto the table rows each score read. The projected tables depend on weights only,
/// so no gradient flows from them to the input. Shapes: B sequences, T tokens, N = B·T, C channels, H heads,
/// D = C / H, R = 2·span table rows.
public struct DisentangledSelfAttention: Sendable {
    public var query: Linear
    public var key: Linear
    public var value: Linear
    /// `pos_key_proj` (c2p without shared keys).
    public var positionKey: Linear?
    /// `pos_query_proj` (p2c without shared keys).
    public var positionQuery: Linear?
    /// H.
    public let headCount: Int
    let settings: DebertaSettings

    init(_ checkpoint: Checkpoint, layer: Int, config: ModelConfiguration, settings: DebertaSettings) {
        let names = WeightNames.layerNames(layer, .debertaV2)
        query = Linear(checkpoint, names.query)
        key = Linear(checkpoint, names.key)
        value = Linear(checkpoint, names.value)
        let p = "encoder.layer.\(layer).attention.self"
        let separate = settings.relativeAttention && !settings.shareAttentionKey
        positionKey =
            separate && settings.positionAttention.contains(.c2p) ? Linear(checkpoint, "\(p).pos_key_proj") : nil
        positionQuery =
            separate && settings.positionAttention.contains(.p2c) ? Linear(checkpoint, "\(p).pos_query_proj") : nil
        headCount = config.headCount
        self.settings = settings
    }

    /// What the backward pass needs.
    struct Cache: Sendable {
        /// `[N, C]` each.
        var q, k, v: Tensor
        /// The projected relative table for c2p (`pk`) and p2c (`pq`), `[R, C]`, when the term is present.
        var positionKeys, positionQueries: Tensor?
    }

    /// `pk` and `pq` from the relative table `[R, C]` (nil for an absent term).
    func projectedTable(_ table: Tensor?) -> (keys: Tensor?, queries: Tensor?) {
        guard let table else { return (nil, nil) }
        let keys = settings.contentToPosition ? (positionKey ?? key).forward(table) : nil
        let queries = settings.positionToContent ? (positionQuery ?? query).forward(table) : nil
        return (keys, queries)
    }

    /// `x[N, C]` → context `[N, C]`, probabilities `[B, H, T, T]` (empty unless `keepProbabilities`) and, with
    /// `summarize`, the row summaries `[B, H, T, AttentionRowSummary.count]`.
    ///
    /// - Parameters:
    ///   - table: the relative table `[R, C]` (nil without relative attention); `positions` its row indices.
    ///   - perturbation: added to one probability after the softmax (finite differences of ∂logit/∂A).
    func forward(
        _ x: Tensor, batch: TokenBatch, table: Tensor?, positions: RelativePositions?, keepCache: Bool,
        perturbation: AttentionPerturbation? = nil, summarize: Bool = false, keepProbabilities: Bool = true
    ) -> (context: Tensor, probabilities: Tensor, cache: Cache?, summaries: Tensor) {
        let (b, t, c, h) = (batch.count, batch.length, query.outputSize, headCount)
        let d = c / h
        let scale = Float(Double(d * settings.scaleFactor).squareRoot())
        let (q, k, v) = (query.forward(x), key.forward(x), value.forward(x))  // [N, C] each
        let (pk, pq) = projectedTable(table)  // [R, C] each
        let r = table?.shape[0] ?? 0
        let width = AttentionRowSummary.count
        var probabilities = [Float](repeating: 0, count: b * h * t * t)  // [B, H, T, T]
        var context = [Float](repeating: 0, count: b * t * c)  // [N, C]
        var summaries = [Float](repeating: 0, count: summarize ? b * h * t * width : 0)  // [B, H, T, 4]
        let c2pRows = positions?.contentToPosition ?? []
        let p2cRows = positions?.positionToContent ?? []
        withBuffers(q, k, v, pk, pq) { q, k, v, pk, pq in
            withMutableBuffers(&probabilities, &context, &summaries) { p, out, summary in
                guard let q, let k, let v, let p, let out else { return }
                Parallel.forEach(b * h) { item in
                    let (s, head) = (item / h, item % h)
                    let valid = batch.length(of: s)
                    let offset = s * t * c + head * d  // the head's [T, D] block in [N, C]
                    let scores = p + item * t * t  // [T, T]
                    // S = q·(k/s)ᵀ
                    BLAS.gemm(
                        .none, .transpose, m: t, n: t, k: d, alpha: 1 / scale, a: q + offset, lda: c, b: k + offset,
                        ldb: c, c: scores, ldc: t)
                    let relative = UnsafeMutablePointer<Float>.allocate(capacity: max(1, t * r))  // [T, R]
                    defer { relative.deallocate() }
                    if let pk {
                        // c2p_att = q·pkᵀ  [T, R]; S[i,j] += c2p_att[i, c2p(i,j)] / s
                        BLAS.gemm(
                            .none, .transpose, m: t, n: r, k: d, a: q + offset, lda: c, b: pk + head * d, ldb: c,
                            c: relative, ldc: r)
                        for i in 0..<t {
                            for j in 0..<t { scores[i * t + j] += relative[i * r + c2pRows[i * t + j]] / scale }
                        }
                    }
                    if let pq {
                        // p2c_att = k·pqᵀ  [T, R]; S[i,j] += p2c_att[j, p2c(i,j)] / s
                        BLAS.gemm(
                            .none, .transpose, m: t, n: r, k: d, a: k + offset, lda: c, b: pq + head * d, ldb: c,
                            c: relative, ldc: r)
                        for i in 0..<t {
                            for j in 0..<t { scores[i * t + j] += relative[j * r + p2cRows[i * t + j]] / scale }
                        }
                    }
                    let rowSummaries = summary.map { $0 + item * t * width }
                    // P = softmax(S) over the real keys of real query rows (padded keys 0) …
                    Softmax.rows(scores, rows: valid, valid: valid, stride: t, summaries: rowSummaries)
                    // … and uniform over all T keys in padded query rows, where every entry is masked.
                    for i in valid..<t {
                        for j in 0..<t { scores[i * t + j] = 1 / Float(t) }
                        if let row = rowSummaries.map({ $0 + i * width }) {
                            row[AttentionRowSummary.entropy] = Foundation.log(Float(t))
                            row[AttentionRowSummary.largest] = 1 / Float(t)
                            row[AttentionRowSummary.distance] = (0..<t).reduce(0) { $0 + Float(abs(i - $1)) } / Float(t)
                            row[AttentionRowSummary.total] = 1
                        }
                    }
                    if let perturbation, perturbation.sequence == s, perturbation.head == head {
                        scores[perturbation.row * t + perturbation.column] += perturbation.delta
                    }
                    // context = P·v
                    BLAS.gemm(
                        .none, .none, m: t, n: d, k: t, a: scores, lda: t, b: v + offset, ldb: c, c: out + offset,
                        ldc: c)
                }
            }
        }
        let cache = keepCache ? Cache(q: q, k: k, v: v, positionKeys: pk, positionQueries: pq) : nil
        return (
            Tensor(shape: [b * t, c], scalars: context),
            keepProbabilities ? Tensor(shape: [b, h, t, t], scalars: probabilities) : Tensor(zeros: [0]), cache,
            Tensor(shape: summarize ? [b, h, t, width] : [0], scalars: summaries)
        )
    }

    /// Backward from `dContext[N, C]` to `x[N, C]`, also returning ∂L/∂P `[B, H, T, T]` (empty unless
    /// `keepGradients`); `visit` sees every head's whole map and gradient, concurrently for different heads.
    func backward(
        _ dContext: Tensor, probabilities: Tensor, cache: Cache, batch: TokenBatch, positions: RelativePositions?,
        keepGradients: Bool, visit: SelfAttention.HeadVisit?
    ) -> (dInput: Tensor, dProbabilities: Tensor) {
        let (b, t, c, h) = (batch.count, batch.length, query.outputSize, headCount)
        let d = c / h
        let scale = Float(Double(d * settings.scaleFactor).squareRoot())
        let r = (cache.positionKeys ?? cache.positionQueries)?.shape[0] ?? 0
        // ∂L/∂P, [B, H, T, T] when kept; every head writes its own block.
        let dProbabilities = UnsafeMutableBufferPointer<Float>.allocate(capacity: keepGradients ? b * h * t * t : 0)
        defer { dProbabilities.deallocate() }
        var dQ = [Float](repeating: 0, count: b * t * c)  // [N, C]
        var dK = [Float](repeating: 0, count: b * t * c)
        var dV = [Float](repeating: 0, count: b * t * c)
        let c2pRows = positions?.contentToPosition ?? []
        let p2cRows = positions?.positionToContent ?? []
        let visit = visit.map(UncheckedBox.init)
        withBuffers(cache.q, cache.k, cache.v, cache.positionKeys, cache.positionQueries) { q, k, v, pk, pq in
            withBuffers(probabilities, dContext, nil, nil, nil) { p, dc, _, _, _ in
                guard let p, let dc else { return }
                withMutableBuffers(&dQ, &dK, &dV) { dq, dk, dv in
                    guard let q, let k, let v, let dq, let dk, let dv else { return }
                    let kept = UncheckedBox(keepGradients ? dProbabilities.baseAddress : nil)
                    Parallel.forEach(b * h) { item in
                        let (s, head) = (item / h, item % h)
                        let valid = batch.length(of: s)
                        let offset = s * t * c + head * d
                        let map = p + item * t * t
                        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: t * t + max(1, t * r))
                        defer { scratch.deallocate() }
                        let dP = kept.value.map { $0 + item * t * t } ?? scratch  // [T, T]
                        let dS = scratch  // [T, T], in place over dP when dP is scratch
                        let dRelative = scratch + t * t  // [T, R]
                        // context = P·v  ⇒  dP = dContext·vᵀ, dv = Pᵀ·dContext
                        BLAS.gemm(
                            .none, .transpose, m: t, n: t, k: d, a: dc + offset, lda: c, b: v + offset, ldb: c, c: dP,
                            ldc: t)
                        BLAS.gemm(
                            .transpose, .none, m: t, n: d, k: t, a: map, lda: t, b: dc + offset, ldb: c, beta: 1,
                            c: dv + offset, ldc: c)
                        visit?.value(
                            s, head, AttentionBlock(map: map, gradient: dP, rows: 0..<t, gradientRows: t, length: t))
                        // P = softmax(S)  ⇒  dS = P ⊙ (dP − Σ_j dP ⊙ P), over the keys each row's softmax covered
                        Softmax.backwardRows(
                            probabilities: map, dProbabilities: dP, dScores: dS, rows: valid, valid: valid, stride: t)
                        if valid < t {
                            Softmax.backwardRows(
                                probabilities: map + valid * t, dProbabilities: dP + valid * t, dScores: dS + valid * t,
                                rows: t - valid, valid: t, stride: t)
                        }
                        // S = q·kᵀ/s  ⇒  dq = dS·k/s, dk = dSᵀ·q/s
                        BLAS.gemm(
                            .none, .none, m: t, n: d, k: t, alpha: 1 / scale, a: dS, lda: t, b: k + offset, ldb: c,
                            beta: 1, c: dq + offset, ldc: c)
                        BLAS.gemm(
                            .transpose, .none, m: t, n: d, k: t, alpha: 1 / scale, a: dS, lda: t, b: q + offset,
                            ldb: c, beta: 1, c: dk + offset, ldc: c)
                        if let pk {
                            // S[i,j] += (q_i·pk[c2p(i,j)])/s  ⇒  dC2P[i, c2p(i,j)] += dS[i,j]; dq += dC2P·pk/s
                            dRelative.update(repeating: 0, count: t * r)
                            for i in 0..<t {
                                for j in 0..<t { dRelative[i * r + c2pRows[i * t + j]] += dS[i * t + j] }
                            }
                            BLAS.gemm(
                                .none, .none, m: t, n: d, k: r, alpha: 1 / scale, a: dRelative, lda: r,
                                b: pk + head * d, ldb: c, beta: 1, c: dq + offset, ldc: c)
                        }
                        if let pq {
                            // S[i,j] += (k_j·pq[p2c(i,j)])/s  ⇒  dP2C[j, p2c(i,j)] += dS[i,j]; dk += dP2C·pq/s
                            dRelative.update(repeating: 0, count: t * r)
                            for i in 0..<t {
                                for j in 0..<t { dRelative[j * r + p2cRows[i * t + j]] += dS[i * t + j] }
                            }
                            BLAS.gemm(
                                .none, .none, m: t, n: d, k: r, alpha: 1 / scale, a: dRelative, lda: r,
                                b: pq + head * d, ldb: c, beta: 1, c: dk + offset, ldc: c)
                        }
                    }
                }
            }
        }
        // q, k, v = x·Wᵀ + b  ⇒  dx = dq·Wq + dk·Wk + dv·Wv
        var dInput = query.backwardInput(Tensor(shape: [b * t, c], scalars: dQ))
        key.backwardInput(Tensor(shape: [b * t, c], scalars: dK), addingTo: &dInput)
        value.backwardInput(Tensor(shape: [b * t, c], scalars: dV), addingTo: &dInput)
        return (dInput, Tensor(shape: keepGradients ? [b, h, t, t] : [0], scalars: Array(dProbabilities)))
    }
}

/// Base pointers of up to five tensors (nil for an absent one) for the duration of `body`.
private func withBuffers(
    _ a: Tensor?, _ b: Tensor?, _ c: Tensor?, _ d: Tensor?, _ e: Tensor?,
    _ body: (
        UnsafePointer<Float>?, UnsafePointer<Float>?, UnsafePointer<Float>?, UnsafePointer<Float>?,
        UnsafePointer<Float>?
    ) -> Void
) {
    func pointer(_ tensor: Tensor?, _ next: (UnsafePointer<Float>?) -> Void) {
        guard let tensor else { return next(nil) }
        tensor.scalars.withUnsafeBufferPointer { next($0.baseAddress) }
    }
    pointer(a) { a in
        pointer(b) { b in pointer(c) { c in pointer(d) { d in pointer(e) { e in body(a, b, c, d, e) } } } }
    }
}

/// Base pointers of three mutable buffers (nil for an empty one) for the duration of `body`.
private func withMutableBuffers(
    _ a: inout [Float], _ b: inout [Float], _ c: inout [Float],
    _ body: (UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>?) -> Void
) {
    a.withUnsafeMutableBufferPointer { a in
        b.withUnsafeMutableBufferPointer { b in
            c.withUnsafeMutableBufferPointer { c in
                body(
                    a.isEmpty ? nil : a.baseAddress, b.isEmpty ? nil : b.baseAddress, c.isEmpty ? nil : c.baseAddress)
            }
        }
    }
}
