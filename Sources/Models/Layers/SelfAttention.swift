import Foundation
import Tensors

/// Multi-head scaled dot-product self-attention, as `BertSelfAttention` (eager) computes it.
///
/// Shapes: B = sequences, T = padded tokens, N = B·T rows, C = channels, H = heads, D = C / H.
/// Heads are strided column blocks of the `[N, C]` projections: head h of sequence b is the `[T, D]` block at
/// row `b·T`, column `h·D`, leading dimension C, so no data is copied to split or merge heads.
public struct SelfAttention: Sendable {
    public var query: Linear
    public var key: Linear
    public var value: Linear
    /// H.
    public let headCount: Int

    /// What the backward pass needs from the forward pass.
    public struct Cache: Sendable {
        /// Projections, `[N, C]` each.
        public var queries, keys, values: Tensor
    }

    /// The forward pass: `[N, C]` input → context `[N, C]` and attention probabilities `[B, H, T, T]`.
    ///
    /// Padded keys (positions ≥ the sequence's length) get probability 0, as the additive `finfo.min` mask
    /// gives in `transformers`.
    public func forward(
        _ x: Tensor, batch: TokenBatch, keepCache: Bool, perturbation: AttentionPerturbation? = nil
    ) -> (context: Tensor, probabilities: Tensor, cache: Cache?) {
        let q = query.forward(x)  // [N, C]
        let k = key.forward(x)  // [N, C]
        let v = value.forward(x)  // [N, C]
        let b = batch.count
        let t = batch.length
        let c = q.shape[1]
        let h = headCount
        let d = c / h
        let scale = 1 / Float(d).squareRoot()
        var probabilities = [Float](repeating: 0, count: b * h * t * t)  // [B, H, T, T]
        var context = [Float](repeating: 0, count: b * t * c)  // [N, C]
        q.scalars.withUnsafeBufferPointer { q in
            k.scalars.withUnsafeBufferPointer { k in
                v.scalars.withUnsafeBufferPointer { v in
                    probabilities.withUnsafeMutableBufferPointer { p in
                        context.withUnsafeMutableBufferPointer { out in
                            let q = q.baseAddress!
                            let k = k.baseAddress!
                            let v = v.baseAddress!
                            let p = p.baseAddress!
                            let out = out.baseAddress!
                            for s in 0..<b {
                                let valid = batch.length(of: s)
                                for head in 0..<h {
                                    let base = s * t * c + head * d
                                    let scores = p + (s * h + head) * t * t  // [T, T]
                                    // scores[:, :valid] = Q_bh · K_bhᵀ / √D
                                    BLAS.gemm(
                                        .none, .transpose, m: t, n: valid, k: d, alpha: scale, a: q + base, lda: c,
                                        b: k + base, ldb: c, c: scores, ldc: t)
                                    Softmax.rows(scores, rows: t, valid: valid, stride: t)
                                    if let perturbation, perturbation.sequence == s, perturbation.head == head {
                                        scores[perturbation.row * t + perturbation.column] += perturbation.delta
                                    }
                                    // context_bh = P_bh · V_bh
                                    BLAS.gemm(
                                        .none, .none, m: t, n: d, k: valid, a: scores, lda: t, b: v + base, ldb: c,
                                        c: out + base, ldc: c)
                                }
                            }
                        }
                    }
                }
            }
        }
        let cache = keepCache ? Cache(queries: q, keys: k, values: v) : nil
        return (
            Tensor(shape: [b * t, c], scalars: context), Tensor(shape: [b, h, t, t], scalars: probabilities), cache
        )
    }

    /// The backward pass from `dContext[N, C]` to the input and to the attention probabilities.
    ///
    /// - Parameters:
    ///   - dContext: ∂L/∂context, `[N, C]`.
    ///   - probabilities: the forward pass's `[B, H, T, T]`.
    ///   - rowsWithGradient: when only the first `rows` query rows of every sequence carry gradient (e.g. a
    ///     CLS-pooled head reading only position 0 of the last layer), the work is limited to them.
    /// - Returns: `dInput[N, C]` and `dProbabilities[B, H, T, T]` = ∂L/∂A.
    public func backward(
        _ dContext: Tensor, probabilities: Tensor, cache: Cache, batch: TokenBatch, rowsWithGradient: Int? = nil
    ) -> (dInput: Tensor, dProbabilities: Tensor) {
        let b = batch.count
        let t = batch.length
        let c = cache.queries.shape[1]
        let h = headCount
        let d = c / h
        let scale = 1 / Float(d).squareRoot()
        let rows = min(rowsWithGradient ?? t, t)
        var dProbabilities = [Float](repeating: 0, count: b * h * t * t)  // [B, H, T, T]
        var dQ = [Float](repeating: 0, count: b * t * c)  // [N, C]
        var dK = [Float](repeating: 0, count: b * t * c)  // [N, C]
        var dV = [Float](repeating: 0, count: b * t * c)  // [N, C]
        var dScores = [Float](repeating: 0, count: rows * t)  // [rows, T] scratch for one head
        cache.queries.scalars.withUnsafeBufferPointer { q in
            cache.keys.scalars.withUnsafeBufferPointer { k in
                cache.values.scalars.withUnsafeBufferPointer { v in
                    probabilities.scalars.withUnsafeBufferPointer { p in
                        dContext.scalars.withUnsafeBufferPointer { dc in
                            dProbabilities.withUnsafeMutableBufferPointer { dp in
                                dQ.withUnsafeMutableBufferPointer { dq in
                                    dK.withUnsafeMutableBufferPointer { dk in
                                        dV.withUnsafeMutableBufferPointer { dv in
                                            dScores.withUnsafeMutableBufferPointer { ds in
                                                let q = q.baseAddress!
                                                let k = k.baseAddress!
                                                let v = v.baseAddress!
                                                let p = p.baseAddress!
                                                let dc = dc.baseAddress!
                                                let dp = dp.baseAddress!
                                                let dq = dq.baseAddress!
                                                let dk = dk.baseAddress!
                                                let dv = dv.baseAddress!
                                                let ds = ds.baseAddress!
                                                for s in 0..<b {
                                                    let valid = batch.length(of: s)
                                                    for head in 0..<h {
                                                        let base = s * t * c + head * d
                                                        let probs = p + (s * h + head) * t * t  // [T, T]
                                                        let dProbs = dp + (s * h + head) * t * t  // [T, T]
                                                        // forward: context = P · V  ⇒  dP = dContext · Vᵀ, dV = Pᵀ · dContext
                                                        BLAS.gemm(
                                                            .none, .transpose, m: rows, n: valid, k: d, a: dc + base,
                                                            lda: c, b: v + base, ldb: c, c: dProbs, ldc: t)
                                                        BLAS.gemm(
                                                            .transpose, .none, m: valid, n: d, k: rows, a: probs,
                                                            lda: t,
                                                            b: dc + base, ldb: c, c: dv + base, ldc: c)
                                                        // forward: P = softmax(S)  ⇒  dS = P ⊙ (dP − Σ_j dP ⊙ P)
                                                        Softmax.backwardRows(
                                                            probabilities: probs, dProbabilities: dProbs, dScores: ds,
                                                            rows: rows, valid: valid, stride: t)
                                                        // forward: S = Q · Kᵀ / √D  ⇒  dQ = dS · K / √D, dK = dSᵀ · Q / √D
                                                        BLAS.gemm(
                                                            .none, .none, m: rows, n: d, k: valid, alpha: scale, a: ds,
                                                            lda: t, b: k + base, ldb: c, c: dq + base, ldc: c)
                                                        BLAS.gemm(
                                                            .transpose, .none, m: valid, n: d, k: rows, alpha: scale,
                                                            a: ds, lda: t, b: q + base, ldb: c, c: dk + base, ldc: c)
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // forward: q = x·Wqᵀ + bq (likewise k, v)  ⇒  dx = dq·Wq + dk·Wk + dv·Wv
        var dInput = query.backwardInput(Tensor(shape: [b * t, c], scalars: dQ))
        let dFromKey = key.backwardInput(Tensor(shape: [b * t, c], scalars: dK))
        let dFromValue = value.backwardInput(Tensor(shape: [b * t, c], scalars: dV))
        for i in dInput.scalars.indices { dInput.scalars[i] += dFromKey.scalars[i] + dFromValue.scalars[i] }
        return (dInput, Tensor(shape: [b, h, t, t], scalars: dProbabilities))
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
