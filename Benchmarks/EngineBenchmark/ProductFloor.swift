import Dispatch
import Models
import Tensors

/// The matrix products of one explanation alone: every product the forward and backward passes make (the BLAS
/// calls, and the backward pass's AVX-512 head products in blocks of query rows where the engine runs those), with the
/// engine's shapes, leading dimensions and split across cores, on scratch buffers, and none of the element-wise
/// work (softmax, GELU, layer norms, attributions, the heads' value transposes).
///
/// Its time is what an explanation would take if everything but the products were free: the part that only
/// faster products (or fewer) could shorten. Shapes: T tokens, C channels, I intermediate width, H heads,
/// D = C / H; the last layer runs after attention on row 0 only, in both directions.
final class ProductFloor {
    let config: ModelConfiguration
    let tokens: Int
    // Scratch operands, large enough for every role they play below. Inputs are never overwritten, so no value
    // drifts towards a denormal or an overflow over the repeats.
    private var weights: [Float]
    private var rowsIn: [Float]  // activations / incoming gradients
    private var rowsOut: [Float]  // products' outputs
    private var maps: [Float]  // one layer's maps (or their gradients)
    private var scores: [Float]

    init(config: ModelConfiguration, tokens: Int) {
        self.config = config
        self.tokens = tokens
        let (t, c, i, h) = (tokens, config.hiddenSize, config.intermediateSize, config.headCount)
        weights = [Float](repeating: 0.01, count: max(3 * c * c, i * c))
        rowsIn = [Float](repeating: 0.02, count: t * max(3 * c, i))
        rowsOut = [Float](repeating: 0, count: t * max(3 * c, i))
        maps = [Float](repeating: 1 / Float(t), count: h * t * t)
        scores = [Float](repeating: 0, count: h * t * t)
    }

    /// Every product of one explanation, once.
    func run() {
        let (t, c, i, h) = (tokens, config.hiddenSize, config.intermediateSize, config.headCount)
        let d = c / h
        weights.withUnsafeMutableBufferPointer { w in
            rowsIn.withUnsafeMutableBufferPointer { x in
                rowsOut.withUnsafeMutableBufferPointer { y in
                    maps.withUnsafeMutableBufferPointer { p in
                        scores.withUnsafeMutableBufferPointer { s in
                            run(
                                w: w.baseAddress!, x: x.baseAddress!, y: y.baseAddress!, p: p.baseAddress!,
                                s: UncheckedBox(s.baseAddress!), t: t, c: c, i: i, h: h, d: d)
                        }
                    }
                }
            }
        }
    }

    private func run(
        w: UnsafeMutablePointer<Float>, x: UnsafeMutablePointer<Float>, y: UnsafeMutablePointer<Float>,
        p: UnsafeMutablePointer<Float>, s: UncheckedBox<UnsafeMutablePointer<Float>>, t: Int, c: Int, i: Int, h: Int,
        d: Int
    ) {
        let layers = config.layerCount
        let out = UncheckedBox(y)
        // Forward.
        for layer in 0..<layers {
            let rows = layer == layers - 1 ? 1 : t  // rows kept after attention
            BLAS.parallelGemm(.none, .transpose, m: t, n: 3 * c, k: c, a: x, lda: c, b: w, ldb: c, c: y, ldc: 3 * c)
            Parallel.forEach(h) { head in
                let block = s.value + head * t * t
                BLAS.gemm(
                    .none, .transpose, m: t, n: t, k: d, a: p + head * d, lda: 3 * c, b: p + c + head * d,
                    ldb: 3 * c, c: block, ldc: t)
                BLAS.gemm(
                    .none, .none, m: rows, n: d, k: t, a: block, lda: t, b: p + 2 * c + head * d, ldb: 3 * c,
                    c: out.value + head * d, ldc: c)
            }
            BLAS.parallelGemm(.none, .transpose, m: rows, n: c, k: c, a: x, lda: c, b: w, ldb: c, c: y, ldc: c)
            BLAS.parallelGemm(.none, .transpose, m: rows, n: i, k: c, a: x, lda: c, b: w, ldb: c, c: y, ldc: i)
            BLAS.parallelGemm(.none, .transpose, m: rows, n: c, k: i, a: x, lda: i, b: w, ldb: i, c: y, ldc: c)
        }
        // Backward from row 0 of the last layer.
        for layer in stride(from: layers - 1, through: 0, by: -1) {
            let rows = layer == layers - 1 ? 1 : t
            BLAS.parallelGemm(.none, .none, m: rows, n: i, k: c, a: x, lda: c, b: w, ldb: i, c: y, ldc: i)
            BLAS.parallelGemm(
                .none, .none, m: rows, n: c, k: i, a: x, lda: i, b: w, ldb: c, beta: 1, c: y, ldc: c)
            BLAS.parallelGemm(.none, .none, m: rows, n: c, k: c, a: x, lda: c, b: w, ldb: c, c: y, ldc: c)
            let lowRank = rows < t && 2 * h * rows < 3 * c  // as `SelfAttention.backward` decides
            let factors = rows * 3 * c  // the right factors follow the dQ rows in `y`
            Parallel.forEach(h) { head in
                let block = s.value + head * t * t
                let dq = out.value + head * d
                if AcceleratedKernels.isAvailable && !lowRank {
                    // As `SelfAttention.backwardHeadInBlocks`: ∂A, ∂Q per block, ∂K and ∂V accumulated.
                    Self.inBlocks(rows) { first, count in
                        let rowsBlock = block + first * t
                        AcceleratedKernels.product(
                            m: count, n: t, k: d, a: x + first * c + head * d, rowStride: c, innerStride: 1,
                            b: p + c, ldb: t, c: rowsBlock, ldc: t)
                        AcceleratedKernels.product(
                            m: count, n: d, k: t, a: rowsBlock, rowStride: t, innerStride: 1, b: p + head * d,
                            ldb: 3 * c, c: dq + first * 3 * c, ldc: 3 * c)
                        for part in 1...2 {
                            AcceleratedKernels.product(
                                m: t, n: d, k: count, a: rowsBlock, rowStride: 1, innerStride: t,
                                b: p + first * 3 * c + head * d, ldb: 3 * c, c: dq + part * c, ldc: 3 * c,
                                accumulate: first > 0)
                        }
                    }
                    return
                }
                BLAS.gemm(
                    .none, .transpose, m: rows, n: t, k: d, a: x + head * d, lda: c, b: p + head * d, ldb: 3 * c,
                    c: block, ldc: t)
                BLAS.gemm(
                    .none, .none, m: rows, n: d, k: t, a: block, lda: t, b: p + head * d, ldb: 3 * c, c: dq,
                    ldc: 3 * c)
                if lowRank {
                    // The right factors Qₕ[:rows]·Wkₕ and dContextₕ[:rows]·Wvₕ.
                    for factor in 0..<2 {
                        BLAS.gemm(
                            .none, .none, m: rows, n: c, k: d, a: p + head * d, lda: 3 * c, b: w, ldb: c,
                            c: out.value + factors + (2 * head + factor) * rows * c, ldc: c)
                    }
                } else {
                    BLAS.gemm(
                        .transpose, .none, m: t, n: d, k: rows, a: p + head * t * t, lda: t, b: x + head * d, ldb: c,
                        c: dq + 2 * c, ldc: 3 * c)
                    BLAS.gemm(
                        .transpose, .none, m: t, n: d, k: rows, a: block, lda: t, b: p + head * d, ldb: 3 * c,
                        c: dq + c, ldc: 3 * c)
                }
            }
            if lowRank {
                BLAS.gemm(
                    .transpose, .none, m: t, n: c, k: 2 * h * rows, a: p, lda: t, b: y + factors, ldb: c, c: s.value,
                    ldc: c)
                BLAS.gemm(.none, .none, m: rows, n: c, k: c, a: x, lda: c, b: w, ldb: c, beta: 1, c: s.value, ldc: c)
            } else {
                BLAS.parallelGemm(
                    .none, .none, m: t, n: c, k: 3 * c, a: y, lda: 3 * c, b: w, ldb: c, c: s.value, ldc: c)
            }
        }
    }

    /// Calls `body(first, count)` for blocks of `SelfAttention`'s default backward block rows covering `0..<rows`.
    private static func inBlocks(_ rows: Int, _ body: (Int, Int) -> Void) {
        var first = 0
        while first < rows {
            let count = min(SelfAttention.defaultBackwardBlockRows, rows - first)
            body(first, count)
            first += count
        }
    }
}
