import Models
import Tensors

/// Attention rollout, gradient-weighted attention and the head measures of one window, formed while the backward
/// pass visits each head (`AttentionGradientObserver`), so that every map and gradient is read once, from cache,
/// and the gradients need not be kept.
///
/// Both methods are row-vector chains from the last layer to the first (see `AttributionMethods`): after layer l
/// the rollout vector is `u ← u · Â_l` and the gradient-weighted vector `v ← v + v · Ā_l`. The backward pass
/// delivers layers in exactly that order; each head adds its share of `u · Â_l` and `v · Ā_l` to a per-head
/// partial, and `finish(layer:)` sums the partials. Rollout's row renormalisation uses the row totals the
/// forward softmax recorded (`AttentionRowSummary.total`), so it needs no extra pass either.
///
/// `AttributionMethods.rollout`, `.gradientWeighted` and `HeadAnalysis.statistics` compute the same from kept maps
/// and gradients; they are the readable reference the tests compare this with.
///
/// Shapes: L = layers, H = heads, T = tokens of the window.
final class BackwardAttribution: AttentionGradientObserver, @unchecked Sendable {
    // @unchecked: `observe` runs concurrently for different heads and writes only that head's partials and
    // measures; the chain vectors change only in `finish`, which never overlaps `observe`.
    private typealias Vector = VectorMath.Vector

    let layerCount: Int
    let headCount: Int
    let tokenCount: Int
    /// Per layer `[H, T, AttentionRowSummary.count]`, from the forward pass.
    let summaries: [Tensor]
    let kinds: HeadAnalysis.TokenKinds
    /// Whether `observe` sums each map in AVX-512 (`AcceleratedKernels.attentionMapSums`) or in Swift.
    let usesKernel: Bool
    /// T rounded up to whole vectors: accumulators are this long so that every store is a whole vector.
    private let padded: Int
    /// u (rollout) and v (gradient-weighted), `[T]` each.
    private let rolloutVector: UnsafeMutablePointer<Float>
    private let weightedVector: UnsafeMutablePointer<Float>
    /// u_i / (row i's norm in Â) for the layer being visited, `[T]`.
    private let rolloutWeights: UnsafeMutablePointer<Float>
    /// Per head `u · A_h` and `v · max(0, ∇A_h ⊙ A_h)` (rows of `padded`) and column sums `1ᵀ · A_h`, `[H, padded]`.
    private let rolloutPartials: UnsafeMutablePointer<Float>
    private let weightedPartials: UnsafeMutablePointer<Float>
    private let columnSums: UnsafeMutablePointer<Float>
    /// Per (layer, head), `[L·H]`: the sums behind the token-kind shares and positional measures, and importance.
    private let measures: UnsafeMutablePointer<HeadAnalysis.ColumnMeasures>
    private let importance: UnsafeMutablePointer<Float>

    /// - Parameters:
    ///   - summaries: the forward pass's attention row summaries of the window, per layer `[H, T, 4]`.
    ///   - kinds: which tokens are start, end and punctuation tokens.
    ///   - portable: true runs the Swift row loop (`portableSums`) even where the AVX-512 kernel
    ///     (`AcceleratedKernels.attentionMapSums`) could; the tests run both.
    ///   - start: the row both chains start from: the token the classifier pooled (0, `[CLS]`, for the encoders;
    ///     the last token for GPT-2, see `SequenceClassifier.ForwardResult.pooledToken(of:)`).
    init(summaries: [Tensor], kinds: HeadAnalysis.TokenKinds, portable: Bool = false, start: Int = 0) {
        precondition(!summaries.isEmpty, "a model with at least one layer")
        usesKernel = !portable && AcceleratedKernels.isAvailable
        self.summaries = summaries
        self.kinds = kinds
        layerCount = summaries.count
        headCount = summaries[0].shape[0]
        tokenCount = summaries[0].shape[1]
        padded = (tokenCount + 7) / 8 * 8
        rolloutVector = .allocate(capacity: padded)
        weightedVector = .allocate(capacity: padded)
        rolloutWeights = .allocate(capacity: padded)
        rolloutPartials = .allocate(capacity: headCount * padded)
        weightedPartials = .allocate(capacity: headCount * padded)
        columnSums = .allocate(capacity: headCount * padded)
        for buffer in [rolloutVector, weightedVector, rolloutWeights] { buffer.initialize(repeating: 0, count: padded) }
        for buffer in [rolloutPartials, weightedPartials, columnSums] {
            buffer.initialize(repeating: 0, count: headCount * padded)
        }
        measures = .allocate(capacity: layerCount * headCount)
        measures.initialize(repeating: HeadAnalysis.ColumnMeasures(), count: layerCount * headCount)
        importance = .allocate(capacity: layerCount * headCount)
        importance.initialize(repeating: 0, count: layerCount * headCount)
        // Both chains start from e_start (the pooled token's row).
        rolloutVector[start] = 1
        weightedVector[start] = 1
        prepareRolloutWeights(layer: layerCount - 1)
    }

    deinit {
        for buffer in [rolloutVector, weightedVector, rolloutWeights, rolloutPartials, weightedPartials, columnSums] {
            buffer.deallocate()
        }
        measures.deallocate()
        importance.deallocate()
    }

    /// The rollout scores (the first-token row of Â_L ⋯ Â_1), `[T]`; complete after `finish(layer: 0)`.
    var rollout: [Float] { Array(UnsafeBufferPointer(start: rolloutVector, count: tokenCount)) }

    /// The gradient-weighted attention scores (the first-token row of (I + Ā_L) ⋯ (I + Ā_1)), `[T]`.
    var gradientWeighted: [Float] { Array(UnsafeBufferPointer(start: weightedVector, count: tokenCount)) }

    /// Every head's statistics, layer by layer; complete after `finish(layer: 0)`.
    var heads: [HeadStatistics] {
        (0..<(layerCount * headCount)).map { item in
            let (layer, head) = (item / headCount, item % headCount)
            let width = AttentionRowSummary.count
            let rows = summaries[layer].scalars[(head * tokenCount * width)..<((head + 1) * tokenCount * width)]
            return HeadAnalysis.assemble(
                layer: layer, head: head, tokens: tokenCount, rowSummaries: Array(rows), columns: measures[item],
                importance: importance[item])
        }
    }

    func observe(layer: Int, head: Int, block: AttentionBlock) {
        precondition(
            block.length == tokenCount, "the window has \(tokenCount) tokens, the backward pass \(block.length)")
        let t = tokenCount
        let item = layer * headCount + head
        let first = block.rows.lowerBound
        let rolloutOut = rolloutPartials + head * padded
        let weightedOut = weightedPartials + head * padded
        let columns = columnSums + head * padded
        let attention = block.map + first * t
        let gradientRows = block.rowsWithGradient.count
        let product =
            usesKernel
            ? AcceleratedKernels.attentionMapSums(
                attention: attention, gradient: block.gradient, gradientRows: gradientRows, rows: block.rows.count,
                length: t, rolloutWeights: rolloutWeights + first, weightedWeights: weightedVector + first,
                columns: columns, rollout: rolloutOut, weighted: weightedOut)
            : portableSums(
                attention: attention, gradient: block.gradient, gradientRows: gradientRows, rows: block.rows,
                columns: columns, rolloutOut: rolloutOut, weightedOut: weightedOut)
        // Σ A ⊙ ∇A over the head's blocks so far; its magnitude is the head's importance once the last block is in.
        importance[item] = (first == 0 ? 0 : importance[item]) + product
        guard block.isLast else { return }
        importance[item] = abs(importance[item])
        measures[item] = HeadAnalysis.columnMeasures(map: block.map, columnSums: columns, tokens: t, kinds: kinds)
        columns.update(repeating: 0, count: padded)
    }

    /// `observe`'s row loop in Swift, for processors without AVX-512 (`AcceleratedKernels.attentionMapSums` does
    /// the same there): adds the share of the map rows `rows` (the first `gradientRows` of which have gradient) to
    /// the head's column sums and to its rollout and gradient-weighted partials, and returns their Σ A ⊙ ∇A.
    /// `attention` and `gradient` point at row `rows.lowerBound`.
    func portableSums(
        attention: UnsafePointer<Float>, gradient: UnsafePointer<Float>, gradientRows: Int, rows: Range<Int>,
        columns: UnsafeMutablePointer<Float>, rolloutOut: UnsafeMutablePointer<Float>,
        weightedOut: UnsafeMutablePointer<Float>
    ) -> Float {
        let t = tokenCount
        var products = Vector.zero  // Σ A ⊙ ∇A
        for (i, row) in rows.enumerated() {
            let a = attention + i * t
            let w = rolloutWeights[row]
            if i < gradientRows {
                let g = gradient + i * t
                let v = weightedVector[row]
                var j = 0
                while j < t {
                    let value = VectorMath.load(a, j, count: t, padding: 0)
                    let product = value * VectorMath.load(g, j, count: t, padding: 0)
                    products += product
                    VectorMath.store(VectorMath.load(columns, j) + value, columns, j)
                    VectorMath.store(VectorMath.load(rolloutOut, j) + w * value, rolloutOut, j)
                    let positive = VectorMath.maximum(product, .zero)
                    VectorMath.store(VectorMath.load(weightedOut, j) + v * positive, weightedOut, j)
                    j += 8
                }
            } else {
                // No gradient in this row (only the first rows of the last layer have one).
                var j = 0
                while j < t {
                    let value = VectorMath.load(a, j, count: t, padding: 0)
                    VectorMath.store(VectorMath.load(columns, j) + value, columns, j)
                    if w != 0 { VectorMath.store(VectorMath.load(rolloutOut, j) + w * value, rolloutOut, j) }
                    j += 8
                }
            }
        }
        return products.sum()
    }

    func finish(layer: Int) {
        let scale = 1 / Float(headCount)
        for j in 0..<tokenCount {
            var rolloutSum: Float = 0
            var weightedSum: Float = 0
            for head in 0..<headCount {
                rolloutSum += rolloutPartials[head * padded + j]
                weightedSum += weightedPartials[head * padded + j]
            }
            // Row j of Â is (0.5·Ā_j + 0.5·e_j) / norm_j; the weights already hold u_j / norm_j.
            rolloutVector[j] = 0.5 * scale * rolloutSum + 0.5 * rolloutWeights[j]
            weightedVector[j] += scale * weightedSum
        }
        rolloutPartials.update(repeating: 0, count: headCount * padded)
        weightedPartials.update(repeating: 0, count: headCount * padded)
        if layer > 0 { prepareRolloutWeights(layer: layer - 1) }
    }

    /// `u_i / (0.5 · mean_h Σ_j A_h[i, j] + 0.5)`: u weighted by the inverse row norms of layer `layer`'s Â.
    private func prepareRolloutWeights(layer: Int) {
        let (t, width) = (tokenCount, AttentionRowSummary.count)
        summaries[layer].scalars.withUnsafeBufferPointer { rows in
            for i in 0..<t {
                guard rolloutVector[i] != 0 else {
                    rolloutWeights[i] = 0
                    continue
                }
                var total: Float = 0
                for head in 0..<headCount { total += rows[(head * t + i) * width + AttentionRowSummary.total] }
                rolloutWeights[i] = rolloutVector[i] / (0.5 * total / Float(headCount) + 0.5)
            }
        }
    }
}
