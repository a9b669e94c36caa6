import Foundation
import Tensors

/// ModernBERT's self-attention (`ModernBertAttention`, eager), global or within a sliding window:
///
/// ```
/// [q | k | v] = x · Wqkvᵀ (+ b)                   one fused projection, [N, 3C]; head h at columns h·D of each
/// q, k ← rotary(q), rotary(k)                      positions 0, 1, … of each sequence
/// A = softmax(q kᵀ / √D + mask)                    mask: padded keys; sliding layers also |i − j| > window / 2
/// y = (A · v) · Woᵀ (+ bo)
/// ```
/// Masked entries of A are exactly 0, as the additive `finfo.min` mask gives in `transformers`. A padded query row
/// whose window holds no real key sees every entry masked alike there, so its row is uniform (1/T) as in
/// `transformers`; such rows never reach a real token's output.
///
/// Shapes: B = sequences, T = padded tokens, N = B·T, C = channels, H = heads, D = C / H.
public struct ModernBERTAttention: Sendable {
    /// `attn.Wqkv`, `[3C, C]`.
    public var projection: Linear
    /// `attn.Wo`, `[C, C]`.
    public var output: Linear
    /// H.
    public let headCount: Int
    /// Whether every key is visible (`"full_attention"`), else only those within `halfWindow` positions.
    public let isGlobal: Bool
    /// Keys on either side a query sees in a sliding-window layer (`local_attention / 2`).
    public let halfWindow: Int
    let rotary: RotaryEmbedding

    /// What the backward pass needs.
    public struct Cache: Sendable {
        /// The projections after the rotation, `[q' | k' | v]`, `[N, 3C]`.
        var projections: Tensor
        /// The rotation's cos and sin tables, `[T, D/2]` each.
        var cos: [Float]
        var sin: [Float]
    }

    init(projection: Linear, output: Linear, headCount: Int, isGlobal: Bool, halfWindow: Int, theta: Float) {
        (self.projection, self.output, self.headCount, self.isGlobal, self.halfWindow) = (
            projection, output, headCount, isGlobal, halfWindow
        )
        rotary = RotaryEmbedding(headSize: projection.inputSize / headCount, theta: theta)
    }

    /// The keys query `row` of a sequence with `valid` real tokens sees: an empty range when none (see above).
    func visibleKeys(row: Int, valid: Int) -> Range<Int> {
        if isGlobal { return 0..<valid }
        let lower = max(0, row - halfWindow)
        let upper = min(valid, row + halfWindow + 1)
        return lower < upper ? lower..<upper : 0..<0
    }

    /// `x[N, C]` → `y[N, C]` (after `Wo`), the probabilities `[B, H, T, T]` (empty without `keepProbabilities`)
    /// and, with `summarize`, the row summaries `[B, H, T, AttentionRowSummary.count]` (entropy, largest, mean
    /// distance, total; see `Softmax.rows`).
    func forward(
        _ x: Tensor, batch: TokenBatch, keepCache: Bool, perturbation: AttentionPerturbation? = nil,
        summarize: Bool = false, keepProbabilities: Bool = true
    ) -> (output: Tensor, probabilities: Tensor, cache: Cache?, summaries: Tensor) {
        precondition(keepProbabilities || !summarize, "row summaries are formed over kept maps")
        var qkv = projection.forward(x)  // [N, 3C]
        let (b, t, c, h) = (batch.count, batch.length, output.inputSize, headCount)
        let d = c / h
        let ld = 3 * c
        let scale = 1 / Float(d).squareRoot()
        let (cos, sin) = rotary.tables(length: t)
        qkv.scalars.withUnsafeMutableBufferPointer {
            RotaryEmbedding.rotate(
                $0.baseAddress!, rows: b * t, length: t, channels: c, headSize: d, cos: cos, sin: sin)
        }
        var probabilities = [Float](overwrittenCount: keepProbabilities ? b * h * t * t : 0)  // [B, H, T, T]
        var context = [Float](overwrittenCount: b * t * c)  // [N, C], every head writes its columns of every row
        let width = AttentionRowSummary.count
        var summaries = [Float](overwrittenCount: summarize ? b * h * t * width : 0)  // [B, H, T, 4]
        qkv.scalars.withUnsafeBufferPointer { qkvBuffer in
            probabilities.withUnsafeMutableBufferPointer { pBuffer in
                context.withUnsafeMutableBufferPointer { contextBuffer in
                    summaries.withUnsafeMutableBufferPointer { summaryBuffer in
                        let q = qkvBuffer.baseAddress!
                        let (k, v) = (q + c, q + 2 * c)
                        // An empty array's buffer still has a base address: never write it.
                        let kept = UncheckedBox(keepProbabilities ? pBuffer.baseAddress : nil)
                        let summaryBase = UncheckedBox(summarize ? summaryBuffer.baseAddress : nil)
                        let out = UncheckedBox(contextBuffer.baseAddress!)
                        Parallel.forEach(b * h) { item in
                            let (s, head) = (item / h, item % h)
                            let valid = batch.length(of: s)
                            let base = s * t * ld + head * d
                            let scratch =
                                kept.value == nil ? UnsafeMutablePointer<Float>.allocate(capacity: t * t) : nil
                            defer { scratch?.deallocate() }
                            let scores = scratch ?? kept.value! + item * t * t  // [T, T]
                            // scores[:, :valid] = q' k'ᵀ / √D
                            BLAS.gemm(
                                .none, .transpose, m: t, n: valid, k: d, alpha: scale, a: q + base, lda: ld,
                                b: k + base, ldb: ld, c: scores, ldc: t)
                            if isGlobal {
                                // Every row sees the real keys 0..<valid: the shared (AVX-512 where available) kernel.
                                Softmax.rows(
                                    scores, rows: t, valid: valid, stride: t,
                                    summaries: summaryBase.value.map { $0 + item * t * width })
                            } else {
                                for row in 0..<t {
                                    softmax(
                                        scores + row * t, row: row, keys: visibleKeys(row: row, valid: valid),
                                        length: t, summary: summaryBase.value.map { $0 + (item * t + row) * width })
                                }
                            }
                            if let perturbation, perturbation.sequence == s, perturbation.head == head {
                                scores[perturbation.row * t + perturbation.column] += perturbation.delta
                            }
                            // context_bh = A_bh · v_bh (all T keys: masked entries are 0)
                            BLAS.gemm(
                                .none, .none, m: t, n: d, k: t, a: scores, lda: t, b: v + base, ldb: ld,
                                c: out.value + s * t * c + head * d, ldc: c)
                        }
                    }
                }
            }
        }
        let y = output.forward(Tensor(shape: [b * t, c], scalars: context))
        return (
            y, Tensor(shape: keepProbabilities ? [b, h, t, t] : [0], scalars: probabilities),
            keepCache ? Cache(projections: qkv, cos: cos, sin: sin) : nil,
            Tensor(shape: summarize ? [b, h, t, width] : [0], scalars: summaries)
        )
    }

    /// In place over one row of T scores: the softmax over `keys`, 0 elsewhere (uniform 1/T when `keys` is
    /// empty), with the row's summary (entropy in nats, largest probability, Σ_j A_j |row − j|, total).
    private func softmax(
        _ scores: UnsafeMutablePointer<Float>, row: Int, keys: Range<Int>, length t: Int,
        summary: UnsafeMutablePointer<Float>?
    ) {
        guard !keys.isEmpty else {
            scores.update(repeating: 1 / Float(t), count: t)
            if let summary {
                var distance: Float = 0
                for j in 0..<t { distance += Float(abs(row - j)) }
                summary[AttentionRowSummary.entropy] = Foundation.log(Float(t))
                summary[AttentionRowSummary.largest] = 1 / Float(t)
                summary[AttentionRowSummary.distance] = distance / Float(t)
                summary[AttentionRowSummary.total] = 1
            }
            return
        }
        var maximum = -Float.infinity
        for j in keys { maximum = max(maximum, scores[j]) }
        // e_j = exp(s_j − max), Z = Σ e_j, and Σ e_j (s_j − max) for the entropy log Z − Σ e_j (s_j − max) / Z.
        var total: Float = 0
        var weightedShifts: Float = 0
        for j in keys {
            let shifted = scores[j] - maximum
            let e = Foundation.exp(shifted)
            scores[j] = e
            total += e
            if e > 0 { weightedShifts += e * shifted }
        }
        let inverse = 1 / total
        var distance: Float = 0
        var sum: Float = 0
        for j in keys {
            let p = scores[j] * inverse
            scores[j] = p
            distance += p * Float(abs(row - j))
            sum += p
        }
        scores.update(repeating: 0, count: keys.lowerBound)
        (scores + keys.upperBound).update(repeating: 0, count: t - keys.upperBound)
        if let summary {
            summary[AttentionRowSummary.entropy] = Foundation.log(total) - weightedShifts * inverse
            summary[AttentionRowSummary.largest] = inverse
            summary[AttentionRowSummary.distance] = distance
            summary[AttentionRowSummary.total] = sum
        }
    }

    /// Backward from `dOutput[N, C]` (∂L/∂y) to the input `[N, C]` and to the probabilities.
    ///
    /// ∂L/∂A is formed for every entry, masked ones included (A weights the values everywhere: perturbing a masked
    /// entry moves the output, as autograd's gradient of the returned maps says). `visit` sees each head's whole
    /// map with its gradient (one block of all T rows). Returns ∂L/∂A `[B, H, T, T]`, empty without `keepGradients`.
    func backward(
        _ dOutput: Tensor, probabilities: Tensor, cache: Cache, batch: TokenBatch, keepGradients: Bool = true,
        visit: SelfAttention.HeadVisit? = nil
    ) -> (dInput: Tensor, dProbabilities: Tensor) {
        let (b, t, c, h) = (batch.count, batch.length, output.inputSize, headCount)
        let d = c / h
        let ld = 3 * c
        let scale = 1 / Float(d).squareRoot()
        // y = context · Woᵀ + bo  ⇒  dContext = dy · Wo
        let dContext = output.backwardInput(dOutput)  // [N, C]
        var dProbabilities = [Float](overwrittenCount: keepGradients ? b * h * t * t : 0)  // [B, H, T, T]
        var dQKV = [Float](overwrittenCount: b * t * ld)  // [N, 3C]: every head writes its blocks of every row
        cache.projections.scalars.withUnsafeBufferPointer { qkvBuffer in
            probabilities.scalars.withUnsafeBufferPointer { pBuffer in
                dContext.scalars.withUnsafeBufferPointer { dcBuffer in
                    dProbabilities.withUnsafeMutableBufferPointer { dpBuffer in
                        dQKV.withUnsafeMutableBufferPointer { dqkvBuffer in
                            let q = qkvBuffer.baseAddress!
                            let (k, v) = (q + c, q + 2 * c)
                            let p = pBuffer.baseAddress!
                            let dc = dcBuffer.baseAddress!
                            let kept = UncheckedBox(keepGradients ? dpBuffer.baseAddress : nil)
                            let dq = UncheckedBox(dqkvBuffer.baseAddress!)
                            let visit = visit.map(UncheckedBox.init)
                            Parallel.forEach(b * h) { item in
                                let (s, head) = (item / h, item % h)
                                let base = s * t * ld + head * d
                                let dcHead = dc + s * t * c + head * d
                                let map = p + item * t * t  // A, [T, T]
                                let scratch = UnsafeMutablePointer<Float>.allocate(
                                    capacity: (kept.value == nil ? 2 : 1) * t * t)
                                defer { scratch.deallocate() }
                                let dMap = kept.value.map { $0 + item * t * t } ?? scratch + t * t  // ∂L/∂A
                                let dScores = scratch  // [T, T]
                                // context = A · v  ⇒  ∂L/∂A = dContext · vᵀ, dv = Aᵀ · dContext
                                BLAS.gemm(
                                    .none, .transpose, m: t, n: t, k: d, a: dcHead, lda: c, b: v + base, ldb: ld,
                                    c: dMap, ldc: t)
                                visit?.value(
                                    s, head,
                                    AttentionBlock(
                                        map: map, gradient: dMap, rows: 0..<t, gradientRows: t, length: t))
                                BLAS.gemm(
                                    .transpose, .none, m: t, n: d, k: t, a: map, lda: t, b: dcHead, ldb: c,
                                    c: dq.value + base + 2 * c, ldc: ld)
                                // A = softmax(S) row by row  ⇒  dS = A ⊙ (dA − Σ_j dA_j A_j) (0 where A is 0)
                                Softmax.backwardRows(
                                    probabilities: map, dProbabilities: dMap, dScores: dScores, rows: t, valid: t,
                                    stride: t)
                                // S = q' k'ᵀ / √D  ⇒  dq' = dS · k' / √D, dk' = dSᵀ · q' / √D
                                BLAS.gemm(
                                    .none, .none, m: t, n: d, k: t, alpha: scale, a: dScores, lda: t, b: k + base,
                                    ldb: ld, c: dq.value + base, ldc: ld)
                                BLAS.gemm(
                                    .transpose, .none, m: t, n: d, k: t, alpha: scale, a: dScores, lda: t,
                                    b: q + base, ldb: ld, c: dq.value + base + c, ldc: ld)
                            }
                        }
                    }
                }
            }
        }
        // q' = rotary(q), k' = rotary(k)  ⇒  dq = rotary⁻¹(dq'), dk = rotary⁻¹(dk')
        dQKV.withUnsafeMutableBufferPointer {
            RotaryEmbedding.rotate(
                $0.baseAddress!, rows: b * t, length: t, channels: c, headSize: d, cos: cache.cos, sin: cache.sin,
                inverse: true)
        }
        // [q | k | v] = x · Wqkvᵀ + b  ⇒  dx = [dq | dk | dv] · Wqkv
        let dInput = projection.backwardInput(Tensor(shape: [b * t, ld], scalars: dQKV))
        return (dInput, Tensor(shape: keepGradients ? [b, h, t, t] : [0], scalars: dProbabilities))
    }
}
