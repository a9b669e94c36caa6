import Tensors

/// `ConvLayer` of DeBERTa-v2 (xlarge, xxlarge): after the first encoder layer,
///
/// ```
/// pre = conv1d(h₀) masked to 0 on padded rows    // over tokens, kernel K, padding (K − 1) / 2, G groups
/// y   = LN(layer₀ output + act(pre)) ⊙ mask       // act = conv_act
/// ```
/// where h₀ is the embedding output (the encoder's input). Forward and backward side by side; inference only.
/// Shapes: B sequences, T tokens, N = B·T rows, C channels, G groups, C/G channels per group, K kernel width.
public struct DebertaConvolution: Sendable {
    /// `conv.weight`, `[C, C/G, K]` as `torch.nn.Conv1d` stores it.
    public var weight: Tensor
    /// `[C]`.
    public var bias: Tensor
    public var norm: LayerNorm
    public let settings: DebertaSettings.Convolution

    init(_ checkpoint: Checkpoint, config: ModelConfiguration, settings: DebertaSettings.Convolution) {
        weight = checkpoint("encoder.conv.conv.weight")
        bias = checkpoint("encoder.conv.conv.bias")
        norm = LayerNorm(checkpoint, "encoder.conv.LayerNorm", epsilon: config.layerNormEpsilon)
        self.settings = settings
    }

    /// What the backward pass needs.
    struct Cache: Sendable {
        var norm: LayerNorm.Cache
        /// act′ at `pre`, `[N, C]`.
        var slopes: [Float]
        /// 1 for real tokens, 0 for padding, `[N]`.
        var mask: [Float]
    }

    /// The kernel's tap `k` as `[C, C/G]` (row o: the weights output channel o gives its group's inputs), for
    /// every tap: `[K, C, C/G]`.
    private func taps() -> [Float] {
        let (c, width, k) = (weight.shape[0], weight.shape[1], weight.shape[2])
        var taps = [Float](repeating: 0, count: k * c * width)
        for o in 0..<c {
            for i in 0..<width {
                for tap in 0..<k { taps[(tap * c + o) * width + i] = weight.scalars[(o * width + i) * k + tap] }
            }
        }
        return taps
    }

    /// `out[s, t, group g] (+)= Σ_tap x[s, t + tap − p, group g] · tap_gᵀ`, or its transpose (`backward`:
    /// `x[s, t + tap − p, g] += out[s, t, g] · tap_g`), over the rows where `t + tap − p` lies in the sequence.
    private func convolve(
        _ source: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>, taps: UnsafePointer<Float>,
        batch: TokenBatch, transposed: Bool
    ) {
        let (c, width, k) = (weight.shape[0], weight.shape[1], weight.shape[2])
        let (t, padding) = (batch.length, (k - 1) / 2)
        for s in 0..<batch.count {
            for tap in 0..<k {
                let shift = tap - padding  // output row r reads input row r + shift
                let first = max(0, -shift)
                let last = min(t, t - shift)
                guard last > first else { continue }
                for g in 0..<settings.groups {
                    let column = g * width
                    let tapBlock = taps + (tap * c + column) * width  // [C/G, C/G]: rows o of group g
                    if transposed {
                        // dx[r + shift] += dOut[r] · W_tap
                        BLAS.gemm(
                            .none, .none, m: last - first, n: width, k: width,
                            a: source + (s * t + first) * c + column, lda: c, b: tapBlock, ldb: width, beta: 1,
                            c: target + (s * t + first + shift) * c + column, ldc: c)
                    } else {
                        // out[r] += x[r + shift] · W_tapᵀ
                        BLAS.gemm(
                            .none, .transpose, m: last - first, n: width, k: width,
                            a: source + (s * t + first + shift) * c + column, lda: c, b: tapBlock, ldb: width,
                            beta: 1, c: target + (s * t + first) * c + column, ldc: c)
                    }
                }
            }
        }
    }

    /// `embedded[N, C]` (h₀) and `residual[N, C]` (the first layer's output) → `[N, C]`.
    func forward(_ embedded: Tensor, residual: Tensor, batch: TokenBatch, keepCache: Bool) -> (Tensor, Cache?) {
        let c = weight.shape[0]
        let n = batch.count * batch.length
        var pre = [Float](repeating: 0, count: n * c)  // [N, C]
        for r in 0..<n { for o in 0..<c { pre[r * c + o] = bias.scalars[o] } }
        let taps = taps()
        embedded.scalars.withUnsafeBufferPointer { x in
            taps.withUnsafeBufferPointer { w in
                pre.withUnsafeMutableBufferPointer { out in
                    convolve(
                        x.baseAddress!, into: out.baseAddress!, taps: w.baseAddress!, batch: batch, transposed: false)
                }
            }
        }
        // masked_fill(padding, 0), then act
        let mask = DebertaEmbeddings.mask(batch)
        for r in 0..<n where mask[r] == 0 { for o in 0..<c { pre[r * c + o] = 0 } }
        let slopes = DebertaV2Stack.activate(&pre, settings.activation)
        var sum = Tensor(shape: [n, c], scalars: pre)
        sum.add(residual)
        var (y, normCache) = norm.forward(sum, keepCache: keepCache)
        for r in 0..<n where mask[r] == 0 { for o in 0..<c { y.scalars[r * c + o] = 0 } }
        return (y, normCache.map { Cache(norm: $0, slopes: slopes, mask: mask) })
    }

    /// Backward from `dOutput[N, C]` to `embedded` and to `residual`, both `[N, C]`.
    func backward(_ dOutput: Tensor, cache: Cache, batch: TokenBatch) -> (dEmbedded: Tensor, dResidual: Tensor) {
        let c = weight.shape[0]
        let n = batch.count * batch.length
        // y = LN(residual + act(pre)) ⊙ mask
        var dMasked = dOutput
        for r in 0..<n where cache.mask[r] == 0 { for o in 0..<c { dMasked.scalars[r * c + o] = 0 } }
        let dSum = norm.backwardInput(dMasked, cache: cache.norm)  // [N, C]
        // act(pre), pre zeroed on padded rows
        var dPre = dSum
        dPre.multiply(cache.slopes)
        for r in 0..<n where cache.mask[r] == 0 { for o in 0..<c { dPre.scalars[r * c + o] = 0 } }
        // pre = conv1d(h₀) + b  ⇒  dh₀ = the transposed convolution of dPre
        var dEmbedded = [Float](repeating: 0, count: n * c)
        let taps = taps()
        dPre.scalars.withUnsafeBufferPointer { d in
            taps.withUnsafeBufferPointer { w in
                dEmbedded.withUnsafeMutableBufferPointer { out in
                    convolve(
                        d.baseAddress!, into: out.baseAddress!, taps: w.baseAddress!, batch: batch, transposed: true)
                }
            }
        }
        return (Tensor(shape: [n, c], scalars: dEmbedded), dSum)
    }
}
