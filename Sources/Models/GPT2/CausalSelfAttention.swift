import Foundation
import Tensors

/// GPT-2's masked multi-head self-attention (`GPT2Attention`, eager): one fused `c_attn` projection to
/// `[q | k | v]`, scores `Q·Kᵀ/√D` where query i sees keys `j ≤ i` that are not padding, softmax, `P·V`.
///
/// The map of query row i is zero above the diagonal (the causal mask) and past the sequence's length; a padded
/// query row `i ≥ length` sees the sequence's real keys, as `transformers`' combined causal and padding mask
/// gives. Shapes: B = sequences, T = padded tokens, N = B·T, C = channels, H = heads, D = C / H.
public struct CausalSelfAttention: Sendable {
    /// `c_attn` as a `Linear`: weight `[3C, C]` (the checkpoint's Conv1D `[C, 3C]` transposed), bias `[3C]`.
    public var projection: Linear
    /// H.
    public let headCount: Int

    /// What the backward pass needs.
    public struct Cache: Sendable {
        /// `[q | k | v]`, `[N, 3C]`.
        var projections: Tensor
    }

    /// The keys query row `row` of a sequence of `length` real tokens sees: `0..<min(row + 1, length)`.
    @inline(__always)
    static func visibleKeys(row: Int, length: Int) -> Int { min(row + 1, length) }

    /// `x[N, C]` → context `[N, C]`, probabilities `[B, H, T, T]` and, with `summarize`, the row summaries
    /// `[B, H, T, AttentionRowSummary.count]` (entropy, largest probability, mean distance, total).
    func forward(
        _ x: Tensor, batch: TokenBatch, keepCache: Bool, perturbation: AttentionPerturbation?, summarize: Bool
    ) -> (context: Tensor, probabilities: Tensor, cache: Cache?, summaries: Tensor) {
        let qkv = projection.forward(x)  // [N, 3C]
        let (b, t, h) = (batch.count, batch.length, headCount)
        let c = projection.outputSize / 3
        let (d, ld) = (c / h, 3 * c)
        let scale = 1 / Float(d).squareRoot()
        let width = AttentionRowSummary.count
        var probabilities = [Float](repeating: 0, count: b * h * t * t)  // [B, H, T, T]
        var context = [Float](repeating: 0, count: b * t * c)  // [N, C]
        var summaries = [Float](repeating: 0, count: summarize ? b * h * t * width : 0)
        qkv.scalars.withUnsafeBufferPointer { qkv in
            probabilities.withUnsafeMutableBufferPointer { probabilities in
                context.withUnsafeMutableBufferPointer { context in
                    let (q, p, out) = (qkv.baseAddress!, probabilities.baseAddress!, context.baseAddress!)
                    for item in 0..<(b * h) {
                        let (s, head) = (item / h, item % h)
                        let length = batch.length(of: s)
                        let base = s * t * ld + head * d
                        let map = p + item * t * t  // [T, T]
                        // S = Q · Kᵀ / √D over the real keys
                        BLAS.gemm(
                            .none, .transpose, m: t, n: length, k: d, alpha: scale, a: q + base, lda: ld,
                            b: q + c + base, ldb: ld, c: map, ldc: t)
                        for i in 0..<t {
                            // P[i, :] = softmax(S[i, :visible]), zero beyond (causal and padding mask)
                            let row = map + i * t
                            let visible = Self.visibleKeys(row: i, length: length)
                            var largest = -Float.infinity
                            for j in 0..<visible { largest = max(largest, row[j]) }
                            var total: Float = 0
                            for j in 0..<visible {
                                row[j] = exp(row[j] - largest)
                                total += row[j]
                            }
                            for j in 0..<visible { row[j] /= total }
                            for j in visible..<t { row[j] = 0 }
                            if let perturbation, perturbation.sequence == s, perturbation.head == head,
                                perturbation.row == i
                            {
                                row[perturbation.column] += perturbation.delta
                            }
                        }
                        // context = P · V
                        BLAS.gemm(
                            .none, .none, m: t, n: d, k: length, a: map, lda: t, b: q + 2 * c + base, ldb: ld,
                            c: out + s * t * c + head * d, ldc: c)
                    }
                }
            }
        }
        if summarize {
            for item in 0..<(b * h) {
                for i in 0..<t {
                    var (entropy, largest, distance, total): (Float, Float, Float, Float) = (0, 0, 0, 0)
                    for j in 0..<t {
                        let value = probabilities[(item * t + i) * t + j]
                        if value > 0 { entropy -= value * log(value) }
                        largest = max(largest, value)
                        distance += value * Float(abs(i - j))
                        total += value
                    }
                    let at = (item * t + i) * width
                    summaries[at + AttentionRowSummary.entropy] = entropy
                    summaries[at + AttentionRowSummary.largest] = largest
                    summaries[at + AttentionRowSummary.distance] = distance
                    summaries[at + AttentionRowSummary.total] = total
                }
            }
        }
        return (
            Tensor(shape: [b * t, c], scalars: context), Tensor(shape: [b, h, t, t], scalars: probabilities),
            keepCache ? Cache(projections: qkv) : nil,
            Tensor(shape: summarize ? [b, h, t, width] : [0], scalars: summaries)
        )
    }

    /// `dContext[N, C]` → `dInput[N, C]` and ∂L/∂A `[B, H, T, T]`, showing every head's map and gradient to `visit`
    /// as one block. ∂L/∂A is defined on every real key (also above the diagonal, where A is 0 but is multiplied
    /// with V); padding keys get 0.
    func backward(
        _ dContext: Tensor, probabilities: Tensor, cache: Cache, batch: TokenBatch, visit: SelfAttention.HeadVisit?
    ) -> (dInput: Tensor, dProbabilities: Tensor) {
        let (b, t, h) = (batch.count, batch.length, headCount)
        let c = projection.outputSize / 3
        let (d, ld) = (c / h, 3 * c)
        let scale = 1 / Float(d).squareRoot()
        var dProbabilities = [Float](repeating: 0, count: b * h * t * t)  // [B, H, T, T]
        var dQKV = [Float](repeating: 0, count: b * t * ld)  // [N, 3C]: [dQ | dK | dV]
        var dScores = [Float](repeating: 0, count: t * t)  // [T, T], one head at a time
        cache.projections.scalars.withUnsafeBufferPointer { qkv in
            probabilities.scalars.withUnsafeBufferPointer { probabilities in
                dContext.scalars.withUnsafeBufferPointer { dContext in
                    dProbabilities.withUnsafeMutableBufferPointer { dProbabilities in
                        dQKV.withUnsafeMutableBufferPointer { dQKV in
                            dScores.withUnsafeMutableBufferPointer { dScores in
                                let q = qkv.baseAddress!
                                let dq = dQKV.baseAddress!
                                let ds = dScores.baseAddress!
                                for item in 0..<(b * h) {
                                    let (s, head) = (item / h, item % h)
                                    let length = batch.length(of: s)
                                    let base = s * t * ld + head * d
                                    let dc = dContext.baseAddress! + s * t * c + head * d  // [T, D], stride C
                                    let map = probabilities.baseAddress! + item * t * t
                                    let dMap = dProbabilities.baseAddress! + item * t * t
                                    // forward: context = P · V  ⇒  dP = dContext · Vᵀ, dV = Pᵀ · dContext
                                    BLAS.gemm(
                                        .none, .transpose, m: t, n: length, k: d, a: dc, lda: c,
                                        b: q + 2 * c + base, ldb: ld, c: dMap, ldc: t)
                                    BLAS.gemm(
                                        .transpose, .none, m: length, n: d, k: t, a: map, lda: t, b: dc, ldb: c,
                                        c: dq + 2 * c + base, ldc: ld)
                                    // Above the diagonal A is 0 but still weights V in P · V, so ∂L/∂A is
                                    // dContext · Vᵀ there too (as autograd gives for the returned maps); the
                                    // softmax step below gives those entries no score gradient (P = 0).
                                    visit?(
                                        s, head,
                                        AttentionBlock(
                                            map: map, gradient: dMap, rows: 0..<t, gradientRows: t, length: t)
                                    )
                                    // forward: P = softmax(S) per row  ⇒  dS = P ⊙ (dP − Σ_j dP ⊙ P)
                                    for i in 0..<t {
                                        var dot: Float = 0
                                        for j in 0..<t { dot += dMap[i * t + j] * map[i * t + j] }
                                        for j in 0..<t { ds[i * t + j] = map[i * t + j] * (dMap[i * t + j] - dot) }
                                    }
                                    // forward: S = Q · Kᵀ / √D  ⇒  dQ = dS · K / √D, dK = dSᵀ · Q / √D
                                    BLAS.gemm(
                                        .none, .none, m: t, n: d, k: length, alpha: scale, a: ds, lda: t,
                                        b: q + c + base, ldb: ld, c: dq + base, ldc: ld)
                                    BLAS.gemm(
                                        .transpose, .none, m: length, n: d, k: t, alpha: scale, a: ds, lda: t,
                                        b: q + base, ldb: ld, c: dq + c + base, ldc: ld)
                                }
                            }
                        }
                    }
                }
            }
        }
        // forward: [q | k | v] = x · W_attn + b  ⇒  dx = [dq | dk | dv] · W_attnᵀ
        let dInput = projection.backwardInput(Tensor(shape: [b * t, ld], scalars: dQKV))
        return (dInput, Tensor(shape: [b, h, t, t], scalars: dProbabilities))
    }
}
