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
                    let (p, q, k) = (p.baseAddress!, q.baseAddress!, k.baseAddress!)
                    Parallel.forEach(b * h) { item in
                        let (s, head) = (item / h, item % h)
                        let valid = batch.length(of: s)
                        let base = s * t * c + head * d
                        let scores = p + item * t * t  // [T, T]
                        // S = Q_bh · K_bhᵀ / √D over the valid keys, then P = softmax(S)
                        BLAS.gemm(
                            .none, .transpose, m: t, n: valid, k: d, alpha: scale, a: q + base, lda: c, b: k + base,
                            ldb: c, c: scores, ldc: t)
                        Softmax.rows(scores, rows: t, valid: valid, stride: t)
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
                    let (p, v, out) = (p.baseAddress!, v.baseAddress!, out.baseAddress!)
                    Parallel.forEach(b * h) { item in
                        let (s, head) = (item / h, item % h)
                        let base = s * t * c + head * d
                        // context_bh = P'_bh · V_bh
                        BLAS.gemm(
                            .none, .none, m: t, n: d, k: batch.length(of: s), a: p + item * t * t, lda: t, b: v + base,
                            ldb: c, c: out + base, ldc: c)
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
        var dQ = [Float](repeating: 0, count: b * t * c)  // [N, C]
        var dK = [Float](repeating: 0, count: b * t * c)  // [N, C]
        var dV = [Float](repeating: 0, count: b * t * c)  // [N, C]
        let hasMask = !cache.mask.isEmpty
        let keep = dropout.scale
        withBuffers(cache.queries.scalars, cache.keys.scalars, cache.values.scalars, cache.probabilities, dropped) {
            q, k, v, p, pd in
            dContext.scalars.withUnsafeBufferPointer { dc in
                cache.mask.withUnsafeBufferPointer { masks in
                    withMutableBuffers(&dQ, &dK, &dV) { dq, dk, dv in
                        let dc = dc.baseAddress!
                        let masks = UncheckedBox(masks)
                        Parallel.forEach(b * h) { item in
                            let (s, head) = (item / h, item % h)
                            let valid = batch.length(of: s)
                            let base = s * t * c + head * d
                            let offset = item * t * t
                            let dp = UnsafeMutablePointer<Float>.allocate(capacity: t * t)  // dP [T, T]
                            let ds = UnsafeMutablePointer<Float>.allocate(capacity: t * t)  // dS [T, T]
                            defer {
                                dp.deallocate()
                                ds.deallocate()
                            }
                            dp.initialize(repeating: 0, count: t * t)
                            // context = P' · V  ⇒  dP' = dC · Vᵀ, dV = P'ᵀ · dC
                            BLAS.gemm(
                                .none, .transpose, m: t, n: valid, k: d, a: dc + base, lda: c, b: v + base, ldb: c,
                                c: dp, ldc: t)
                            BLAS.gemm(
                                .transpose, .none, m: valid, n: d, k: t, a: pd + offset, lda: t, b: dc + base, ldb: c,
                                c: dv + base, ldc: c)
                            // P' = P ⊙ M / (1 − p)  ⇒  dP = dP' ⊙ M / (1 − p)
                            if hasMask, let m = masks.value.baseAddress.map({ $0 + offset }) {
                                for i in 0..<(t * t) { dp[i] = m[i] == 0 ? 0 : dp[i] * keep }
                            }
                            // P = softmax(S)  ⇒  dS = P ⊙ (dP − Σ_j dP ⊙ P)
                            Softmax.backwardRows(
                                probabilities: p + offset, dProbabilities: dp, dScores: ds, rows: t, valid: valid,
                                stride: t)
                            // S = Q · Kᵀ / √D  ⇒  dQ = dS · K / √D, dK = dSᵀ · Q / √D
                            BLAS.gemm(
                                .none, .none, m: t, n: d, k: valid, alpha: scale, a: ds, lda: t, b: k + base, ldb: c,
                                c: dq + base, ldc: c)
                            BLAS.gemm(
                                .transpose, .none, m: valid, n: d, k: t, alpha: scale, a: ds, lda: t, b: q + base,
                                ldb: c, c: dk + base, ldc: c)
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
        dInput.add(gk.dInput)
        dInput.add(gv.dInput)
        return TrainingGradients(
            dInput: dInput, query: (gq.dWeight, gq.dBias), key: (gk.dWeight, gk.dBias),
            value: (gv.dWeight, gv.dBias))
    }
}

/// Base pointers of five read-only buffers for the duration of `body`.
private func withBuffers(
    _ a: [Float], _ b: [Float], _ c: [Float], _ d: [Float], _ e: [Float],
    _ body: (
        UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>
    ) -> Void
) {
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            c.withUnsafeBufferPointer { c in
                d.withUnsafeBufferPointer { d in
                    e.withUnsafeBufferPointer { e in
                        body(a.baseAddress!, b.baseAddress!, c.baseAddress!, d.baseAddress!, e.baseAddress!)
                    }
                }
            }
        }
    }
}

/// Base pointers of three mutable buffers for the duration of `body`.
private func withMutableBuffers(
    _ a: inout [Float], _ b: inout [Float], _ c: inout [Float],
    _ body: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void
) {
    a.withUnsafeMutableBufferPointer { a in
        b.withUnsafeMutableBufferPointer { b in
            c.withUnsafeMutableBufferPointer { c in body(a.baseAddress!, b.baseAddress!, c.baseAddress!) }
        }
    }
}
