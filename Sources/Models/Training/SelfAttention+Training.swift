import Tensors

/// Self-attention in training mode: dropout on the attention probabilities and gradients for the query, key
/// and value projections.
///
/// Shapes: B = sequences, T = padded tokens, N = B·T rows, C = channels, H = heads, D = C / H.
/// The inference path (`forward`, `backward`) is left untouched; this mirrors it with `P' = dropout(P)`:
/// ```
/// S = Q · Kᵀ / √D;  P = softmax(S) over valid keys;  P' = P ⊙ M / (1 − p);  context = P' · V
/// ```
extension SelfAttention {
    /// What the training backward pass needs.
    struct TrainingCache {
        /// The layer input `[N, C]` and its projections `[N, C]`.
        var input, queries, keys, values: Tensor
        /// Post-softmax probabilities before dropout, `[B, H, T, T]`.
        var probabilities: [Float]
        /// Keep-mask over the probabilities (empty without dropout), `[B, H, T, T]`.
        var mask: [UInt8]
    }

    /// Gradients of the three projections.
    struct TrainingGradients {
        var dInput: Tensor
        var query, key, value: (dWeight: Tensor, dBias: Tensor)
    }

    /// The training forward pass: `x[N, C]` → `context[N, C]`.
    func forwardTraining(
        _ x: Tensor, batch: TokenBatch, dropout: Dropout, generator: inout SeededGenerator
    ) -> (context: Tensor, cache: TrainingCache) {
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
        probabilities.withUnsafeMutableBufferPointer { p in
            q.scalars.withUnsafeBufferPointer { q in
                k.scalars.withUnsafeBufferPointer { k in
                    for s in 0..<b {
                        let valid = batch.length(of: s)
                        for head in 0..<h {
                            let base = s * t * c + head * d
                            let scores = p.baseAddress! + (s * h + head) * t * t  // [T, T]
                            // S = Q_bh · K_bhᵀ / √D over the valid keys, then P = softmax(S)
                            BLAS.gemm(
                                .none, .transpose, m: t, n: valid, k: d, alpha: scale, a: q.baseAddress! + base,
                                lda: c, b: k.baseAddress! + base, ldb: c, c: scores, ldc: t)
                            Softmax.rows(scores, rows: t, valid: valid, stride: t)
                        }
                    }
                }
            }
        }
        let mask = dropout.mask(count: probabilities.count, using: &generator)
        var dropped = probabilities  // P', [B, H, T, T]
        dropout.apply(&dropped, mask: mask)
        var context = [Float](repeating: 0, count: b * t * c)  // [N, C]
        dropped.withUnsafeBufferPointer { p in
            v.scalars.withUnsafeBufferPointer { v in
                context.withUnsafeMutableBufferPointer { out in
                    for s in 0..<b {
                        let valid = batch.length(of: s)
                        for head in 0..<h {
                            let base = s * t * c + head * d
                            // context_bh = P'_bh · V_bh
                            BLAS.gemm(
                                .none, .none, m: t, n: d, k: valid, a: p.baseAddress! + (s * h + head) * t * t,
                                lda: t, b: v.baseAddress! + base, ldb: c, c: out.baseAddress! + base, ldc: c)
                        }
                    }
                }
            }
        }
        let cache = TrainingCache(
            input: x, queries: q, keys: k, values: v, probabilities: probabilities, mask: mask)
        return (Tensor(shape: [b * t, c], scalars: context), cache)
    }

    /// The training backward pass from `dContext[N, C]` to the input and the projection weights.
    func backwardTraining(
        _ dContext: Tensor, cache: TrainingCache, batch: TokenBatch, dropout: Dropout
    ) -> TrainingGradients {
        let b = batch.count
        let t = batch.length
        let c = cache.queries.shape[1]
        let h = headCount
        let d = c / h
        let scale = 1 / Float(d).squareRoot()
        var dropped = cache.probabilities  // P'
        dropout.apply(&dropped, mask: cache.mask)
        var dProbabilities = [Float](repeating: 0, count: t * t)  // [T, T] scratch for one head
        var dScores = [Float](repeating: 0, count: t * t)  // [T, T] scratch for one head
        var dQ = [Float](repeating: 0, count: b * t * c)  // [N, C]
        var dK = [Float](repeating: 0, count: b * t * c)  // [N, C]
        var dV = [Float](repeating: 0, count: b * t * c)  // [N, C]
        let hasMask = !cache.mask.isEmpty
        let keep = dropout.scale
        for s in 0..<b {
            let valid = batch.length(of: s)
            for head in 0..<h {
                let base = s * t * c + head * d
                let offset = (s * h + head) * t * t
                cache.queries.scalars.withUnsafeBufferPointer { q in
                    cache.keys.scalars.withUnsafeBufferPointer { k in
                        cache.values.scalars.withUnsafeBufferPointer { v in
                            cache.probabilities.withUnsafeBufferPointer { p in
                                dropped.withUnsafeBufferPointer { pd in
                                    dContext.scalars.withUnsafeBufferPointer { dc in
                                        dProbabilities.withUnsafeMutableBufferPointer { dp in
                                            dScores.withUnsafeMutableBufferPointer { ds in
                                                dQ.withUnsafeMutableBufferPointer { dq in
                                                    dK.withUnsafeMutableBufferPointer { dk in
                                                        dV.withUnsafeMutableBufferPointer { dv in
                                                            let dp = dp.baseAddress!
                                                            // context = P' · V  ⇒  dP' = dC · Vᵀ, dV = P'ᵀ · dC
                                                            BLAS.gemm(
                                                                .none, .transpose, m: t, n: valid, k: d,
                                                                a: dc.baseAddress! + base, lda: c,
                                                                b: v.baseAddress! + base, ldb: c, c: dp, ldc: t)
                                                            BLAS.gemm(
                                                                .transpose, .none, m: valid, n: d, k: t,
                                                                a: pd.baseAddress! + offset, lda: t,
                                                                b: dc.baseAddress! + base, ldb: c,
                                                                c: dv.baseAddress! + base, ldc: c)
                                                            // P' = P ⊙ M / (1 − p)  ⇒  dP = dP' ⊙ M / (1 − p)
                                                            if hasMask {
                                                                cache.mask.withUnsafeBufferPointer { m in
                                                                    let m = m.baseAddress! + offset
                                                                    for i in 0..<(t * t) {
                                                                        dp[i] = m[i] == 0 ? 0 : dp[i] * keep
                                                                    }
                                                                }
                                                            }
                                                            // P = softmax(S)  ⇒  dS = P ⊙ (dP − Σ_j dP ⊙ P)
                                                            Softmax.backwardRows(
                                                                probabilities: p.baseAddress! + offset,
                                                                dProbabilities: dp, dScores: ds.baseAddress!,
                                                                rows: t, valid: valid, stride: t)
                                                            // S = Q · Kᵀ / √D  ⇒  dQ = dS · K / √D, dK = dSᵀ · Q / √D
                                                            BLAS.gemm(
                                                                .none, .none, m: t, n: d, k: valid, alpha: scale,
                                                                a: ds.baseAddress!, lda: t,
                                                                b: k.baseAddress! + base, ldb: c,
                                                                c: dq.baseAddress! + base, ldc: c)
                                                            BLAS.gemm(
                                                                .transpose, .none, m: valid, n: d, k: t,
                                                                alpha: scale, a: ds.baseAddress!, lda: t,
                                                                b: q.baseAddress! + base, ldb: c,
                                                                c: dk.baseAddress! + base, ldc: c)
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
        }
        // q = x·Wqᵀ + bq (likewise k, v)  ⇒  dx = dq·Wq + dk·Wk + dv·Wv, dWq = dqᵀ·x, …
        let gq = query.backward(dOutput: Tensor(shape: [b * t, c], scalars: dQ), input: cache.input)
        let gk = key.backward(dOutput: Tensor(shape: [b * t, c], scalars: dK), input: cache.input)
        let gv = value.backward(dOutput: Tensor(shape: [b * t, c], scalars: dV), input: cache.input)
        var dInput = gq.dInput
        for i in dInput.scalars.indices { dInput.scalars[i] += gk.dInput.scalars[i] + gv.dInput.scalars[i] }
        return TrainingGradients(
            dInput: dInput, query: (gq.dWeight, gq.dBias), key: (gk.dWeight, gk.dBias),
            value: (gv.dWeight, gv.dBias))
    }
}
