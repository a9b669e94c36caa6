import Tensors

/// Layer normalisation over the last dimension, as `torch.nn.LayerNorm`:
/// `y = (x − mean) / sqrt(var + ε) · γ + β` with the biased variance.
///
/// Shapes: N = rows, C = channels.
public struct LayerNorm: Sendable {
    /// γ, `[C]`.
    public var weight: Tensor
    /// β, `[C]`.
    public var bias: Tensor
    /// ε, e.g. 1e-12.
    public var epsilon: Float

    /// What the backward pass needs from the forward pass.
    public struct Cache: Sendable {
        /// x̂ = (x − mean) · rstd, `[N, C]`.
        public var normalized: Tensor
        /// 1 / sqrt(var + ε) per row, `[N]`.
        public var inverseDeviation: [Float]
    }

    init(_ checkpoint: Checkpoint, _ name: String, epsilon: Float) {
        weight = checkpoint("\(name).weight")
        bias = checkpoint("\(name).bias")
        self.epsilon = epsilon
    }

    /// Normalises each row of `x[N, C]`; returns `y[N, C]` and, when asked, the cache for `backward`.
    public func forward(_ x: Tensor, keepCache: Bool = false) -> (Tensor, Cache?) {
        let c = weight.count
        let rows = x.count / c
        // Every row of each is written below.
        var y = [Float](overwrittenCount: x.count)  // [N, C]
        var normalized = [Float](overwrittenCount: keepCache ? x.count : 0)  // [N, C]
        var inverse = [Float](overwrittenCount: rows)  // [N]
        let epsilon = epsilon
        x.scalars.withUnsafeBufferPointer { x in
            weight.scalars.withUnsafeBufferPointer { g in
                bias.scalars.withUnsafeBufferPointer { b in
                    y.withUnsafeMutableBufferPointer { y in
                        normalized.withUnsafeMutableBufferPointer { n in
                            inverse.withUnsafeMutableBufferPointer { inverse in
                                let (x, g, b, y, inverse) = (
                                    x.baseAddress!, g.baseAddress!, b.baseAddress!, y.baseAddress!,
                                    inverse.baseAddress!
                                )
                                // An empty array's buffer still has a base address (the shared empty storage).
                                let n = keepCache ? n.baseAddress : nil
                                Parallel.chunks(rows, minimumChunk: 64) { range in
                                    for r in range {
                                        let row = x + r * c
                                        let mean = VectorMath.sum(row, count: c) / Float(c)
                                        let variance = RowMath.sumOfSquaredDeviations(row, c, from: mean) / Float(c)
                                        let rstd = 1 / (variance + epsilon).squareRoot()
                                        inverse[r] = rstd
                                        RowMath.normalize(
                                            row, c, mean: mean, scale: rstd, weight: g, bias: b, into: y + r * c,
                                            normalized: n.map { $0 + r * c })
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let cache =
            keepCache ? Cache(normalized: Tensor(shape: x.shape, scalars: normalized), inverseDeviation: inverse) : nil
        return (Tensor(shape: x.shape, scalars: y), cache)
    }

    /// Gradient with respect to the input (inverts `y = x̂ · γ + β`, `x̂ = (x − mean) · rstd`):
    /// `dx = rstd · (dx̂ − mean(dx̂) − x̂ · mean(dx̂ ⊙ x̂))` with `dx̂ = dy ⊙ γ`.
    public func backwardInput(_ dOutput: Tensor, cache: Cache) -> Tensor {
        let c = weight.count
        let rows = dOutput.count / c
        var dx = [Float](overwrittenCount: dOutput.count)  // [N, C], every row written below
        dOutput.scalars.withUnsafeBufferPointer { dy in
            cache.normalized.scalars.withUnsafeBufferPointer { xhat in
                weight.scalars.withUnsafeBufferPointer { g in
                    dx.withUnsafeMutableBufferPointer { dx in
                        let (dy, xhat, g, dx) = (dy.baseAddress!, xhat.baseAddress!, g.baseAddress!, dx.baseAddress!)
                        Parallel.chunks(rows, minimumChunk: 64) { range in
                            for r in range {
                                RowMath.normBackward(
                                    dy + r * c, xhat + r * c, g, c, rstd: cache.inverseDeviation[r], into: dx + r * c)
                            }
                        }
                    }
                }
            }
        }
        return Tensor(shape: dOutput.shape, scalars: dx)
    }

    /// The parameter gradients, recorded in `sink` as `name.weight` and `name.bias` (with `backwardInput`, the
    /// inverse of `y = x̂ · γ + β`): `dγ = Σ_rows dy ⊙ x̂`, `dβ = Σ_rows dy`, both `[C]`.
    func recordGradients(_ dOutput: Tensor, cache: Cache, into sink: GradientSink, name: String) {
        let c = weight.count
        let rows = dOutput.count / c
        var dGamma = [Float](repeating: 0, count: c)  // [C]
        var dBeta = [Float](repeating: 0, count: c)  // [C]
        dOutput.scalars.withUnsafeBufferPointer { dy in
            cache.normalized.scalars.withUnsafeBufferPointer { xhat in
                dGamma.withUnsafeMutableBufferPointer { dGamma in
                    dBeta.withUnsafeMutableBufferPointer { dBeta in
                        let (dy, xhat, dGamma, dBeta) = (
                            dy.baseAddress!, xhat.baseAddress!, dGamma.baseAddress!, dBeta.baseAddress!
                        )
                        for r in 0..<rows {
                            RowMath.addProduct(dy + r * c, xhat + r * c, to: dGamma, count: c)
                            RowMath.add(dy + r * c, to: dBeta, count: c)
                        }
                    }
                }
            }
        }
        sink.record(name, dWeight: Tensor(shape: [c], scalars: dGamma), dBias: Tensor(shape: [c], scalars: dBeta))
    }
}
