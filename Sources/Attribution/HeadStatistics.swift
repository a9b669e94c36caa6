import Foundation
import Models
import Tensors

/// What one attention head does, measured on one document (averaged over its windows).
///
/// Used to rank heads rather than show all of them (the visualisation-overload limitation): importance says
/// how much the decision depends on the head; the other measures say what kind of head it is.
public struct HeadStatistics: Sendable, Codable, Equatable {
    /// Layer index, from 0.
    public var layer: Int
    /// Head index within the layer, from 0.
    public var head: Int
    /// |Σ A ⊙ ∂logit/∂A| (Michel, Levy & Neubig 2019): first-order change of the logit if the head were masked.
    public var importance: Float
    /// Mean over query rows of the largest attention weight (Voita et al. 2019).
    public var confidence: Float
    /// Mean over query rows of the row entropy, in nats.
    public var entropy: Float
    /// Mean over query rows of Σ_j A_ij |i − j|, in tokens.
    public var meanDistance: Float
    /// Mean share of attention to the start token ([CLS] / <s>) (Clark et al. 2019).
    public var shareToStart: Float
    /// Mean share of attention to the end token ([SEP] / </s>).
    public var shareToEnd: Float
    /// Mean share of attention to punctuation tokens.
    public var shareToPunctuation: Float
    /// Mean attention from token i to token i − 1 (a positional "previous token" head when high).
    public var previousToken: Float
    /// Mean attention from token i to token i + 1.
    public var nextToken: Float
    /// A short description of the head's behaviour derived from the measures above, e.g. "previous token".
    public var role: String
}

/// Per-layer summaries showing how attention moves from local to global context.
public struct LayerStatistics: Sendable, Codable, Equatable {
    public var layer: Int
    /// Mean head entropy, in nats.
    public var entropy: Float
    /// Mean attention distance over heads, in tokens.
    public var meanDistance: Float
    /// Sum of the layer's head importances.
    public var importance: Float
}

/// Computes head and layer statistics for one window.
enum HeadAnalysis {
    /// Which tokens of the window are start, end and punctuation tokens.
    struct TokenKinds {
        var isStart: [Bool]
        var isEnd: [Bool]
        var isPunctuation: [Bool]
    }

    /// Statistics of every head of every layer for one window.
    /// - Parameters:
    ///   - attentions: per layer `[H, T, T]`.
    ///   - gradients: per layer ∂logit/∂A `[H, T, T]`.
    ///   - summaries: per layer `[H, T, AttentionRowSummary.count]` row summaries, as the forward pass records them
    ///     (`ForwardResult.attentionSummaries`); computed from the maps when absent.
    static func statistics(
        attentions: [Tensor], gradients: [Tensor], kinds: TokenKinds, summaries: [Tensor]? = nil
    ) -> [HeadStatistics] {
        guard let first = attentions.first else { return [] }
        let h = first.shape[0]
        let t = first.shape[1]
        var result = [HeadStatistics?](repeating: nil, count: attentions.count * h)
        result.withUnsafeMutableBufferPointer { out in
            let out = UncheckedBox(out)
            Parallel.forEach(attentions.count * h) { item in
                let (layer, head) = (item / h, item % h)
                let width = AttentionRowSummary.count
                let rows =
                    summaries.map { Array($0[layer].scalars[(head * t * width)..<((head + 1) * t * width)]) }
                    ?? rowSummaries(attentions[layer], head: head)
                let importance = AttributionMethods.headImportance(
                    attentions[layer], gradient: gradients[layer], head: head)
                out.value[item] = measure(
                    attentions[layer], layer: layer, head: head, kinds: kinds, rowSummaries: rows,
                    importance: importance)
            }
        }
        return result.compactMap { $0 }
    }

    /// `[T, AttentionRowSummary.count]`: per query row of one head of `[H, T, T]`, its entropy (nats), largest
    /// weight, mean distance and total, computed from the map itself (eight columns at a time).
    static func rowSummaries(_ attention: Tensor, head: Int) -> [Float] {
        typealias Vector = VectorMath.Vector
        let t = attention.shape[1]
        let lanes = Vector(0, 1, 2, 3, 4, 5, 6, 7)
        let width = AttentionRowSummary.count
        var summaries = [Float](repeating: 0, count: t * width)
        attention.scalars.withUnsafeBufferPointer { all in
            let a = all.baseAddress! + head * t * t
            for i in 0..<t {
                let row = a + i * t
                var rowMax = Vector.zero
                var entropy = Vector.zero
                var distance = Vector.zero
                var total = Vector.zero
                var j = 0
                while j < t {
                    let p = VectorMath.load(row, j, count: t, padding: 0)
                    rowMax = VectorMath.maximum(rowMax, p)
                    // p · log p with 0 · log 0 = 0 (log 1 stands in for the zeros).
                    entropy -= p * VectorMath.log(p.replacing(with: 1, where: p .<= 0))
                    let offset = lanes + Float(j - i)
                    distance += p * offset.replacing(with: -offset, where: offset .< 0)
                    total += p
                    j += 8
                }
                summaries[width * i + AttentionRowSummary.entropy] = entropy.sum()
                summaries[width * i + AttentionRowSummary.largest] = rowMax.max()
                summaries[width * i + AttentionRowSummary.distance] = distance.sum()
                summaries[width * i + AttentionRowSummary.total] = total.sum()
            }
        }
        return summaries
    }

    /// Sums over one head's map behind the token-kind shares and the positional measures (not yet divided by
    /// the row count).
    struct ColumnMeasures {
        /// Σ over rows of the attention to start, end and punctuation tokens.
        var start: Float = 0
        var end: Float = 0
        var punctuation: Float = 0
        /// Σ_i A[i, i − 1] and Σ_i A[i, i + 1].
        var previous: Float = 0
        var next: Float = 0
    }

    /// The statistics of one head of one layer's `[H, T, T]` attention, from its row summaries and the column
    /// sums that the token-kind shares are read from.
    private static func measure(
        _ attention: Tensor, layer: Int, head: Int, kinds: TokenKinds, rowSummaries: [Float], importance: Float
    ) -> HeadStatistics {
        let t = attention.shape[1]
        var columns = ColumnMeasures()
        // Column sums 1ᵀ · A_h, [T].
        var columnSums = [Float](repeating: 0, count: t)
        let ones = [Float](repeating: 1, count: t)
        attention.scalars.withUnsafeBufferPointer { all in
            let a = all.baseAddress! + head * t * t
            ones.withUnsafeBufferPointer { ones in
                columnSums.withUnsafeMutableBufferPointer { sums in
                    BLAS.gemm(
                        .none, .none, m: 1, n: t, k: t, a: ones.baseAddress!, lda: t, b: a, ldb: t,
                        c: sums.baseAddress!, ldc: t)
                    columns = columnMeasures(map: a, columnSums: sums.baseAddress!, tokens: t, kinds: kinds)
                }
            }
        }
        return assemble(
            layer: layer, head: head, tokens: t, rowSummaries: rowSummaries, columns: columns, importance: importance)
    }

    /// The token-kind and positional sums of one head's `[T, T]` map `A`, given its column sums `1ᵀ · A`.
    static func columnMeasures(
        map a: UnsafePointer<Float>, columnSums: UnsafePointer<Float>, tokens t: Int, kinds: TokenKinds
    ) -> ColumnMeasures {
        var columns = ColumnMeasures()
        for i in 0..<t {
            if i > 0 { columns.previous += a[i * t + i - 1] }
            if i < t - 1 { columns.next += a[i * t + i + 1] }
            if kinds.isStart[i] { columns.start += columnSums[i] }
            if kinds.isEnd[i] { columns.end += columnSums[i] }
            if kinds.isPunctuation[i] { columns.punctuation += columnSums[i] }
        }
        return columns
    }

    /// One head's statistics from its row summaries (`[T, AttentionRowSummary.count]`), column measures and
    /// importance, the role labelled.
    static func assemble(
        layer: Int, head: Int, tokens t: Int, rowSummaries: [Float], columns: ColumnMeasures, importance: Float
    ) -> HeadStatistics {
        var confidence: Float = 0
        var entropy: Float = 0
        var distance: Float = 0
        let width = AttentionRowSummary.count
        for i in 0..<t {
            entropy += rowSummaries[width * i + AttentionRowSummary.entropy]
            confidence += rowSummaries[width * i + AttentionRowSummary.largest]
            distance += rowSummaries[width * i + AttentionRowSummary.distance]
        }
        let rows = Float(t)
        var statistics = HeadStatistics(
            layer: layer, head: head, importance: importance, confidence: confidence / rows, entropy: entropy / rows,
            meanDistance: distance / rows, shareToStart: columns.start / rows, shareToEnd: columns.end / rows,
            shareToPunctuation: columns.punctuation / rows, previousToken: t > 1 ? columns.previous / Float(t - 1) : 0,
            nextToken: t > 1 ? columns.next / Float(t - 1) : 0, role: "")
        statistics.role = role(of: statistics, tokens: t)
        return statistics
    }

    /// A label for a head from its measures; thresholds follow Clark et al. (2019)'s observations
    /// (heads putting most of their weight on one kind of target).
    static func role(of s: HeadStatistics, tokens: Int) -> String {
        if s.previousToken >= 0.5 { return "previous token" }
        if s.nextToken >= 0.5 { return "next token" }
        if s.shareToStart >= 0.5 { return "attends to start token" }
        if s.shareToEnd >= 0.5 { return "attends to end token" }
        if s.shareToPunctuation >= 0.5 { return "punctuation" }
        let maximumEntropy = log(Float(max(tokens, 2)))
        if s.entropy >= 0.8 * maximumEntropy { return "broad (bag of words)" }
        if s.meanDistance <= 2 { return "local" }
        return "content"
    }

    /// Averages statistics of the same heads over several windows (importance included) and relabels them.
    static func average(_ windows: [[HeadStatistics]], tokens: Int) -> [HeadStatistics] {
        guard var total = windows.first else { return [] }
        let count = Float(windows.count)
        for window in windows.dropFirst() {
            for (i, s) in window.enumerated() {
                total[i].importance += s.importance
                total[i].confidence += s.confidence
                total[i].entropy += s.entropy
                total[i].meanDistance += s.meanDistance
                total[i].shareToStart += s.shareToStart
                total[i].shareToEnd += s.shareToEnd
                total[i].shareToPunctuation += s.shareToPunctuation
                total[i].previousToken += s.previousToken
                total[i].nextToken += s.nextToken
            }
        }
        return total.map { s in
            var s = s
            s.importance /= count
            s.confidence /= count
            s.entropy /= count
            s.meanDistance /= count
            s.shareToStart /= count
            s.shareToEnd /= count
            s.shareToPunctuation /= count
            s.previousToken /= count
            s.nextToken /= count
            s.role = role(of: s, tokens: tokens)
            return s
        }
    }

    /// Per-layer means of entropy and distance, and summed importance.
    static func layers(_ heads: [HeadStatistics]) -> [LayerStatistics] {
        let grouped = Dictionary(grouping: heads, by: \.layer)
        return grouped.keys.sorted().map { layer in
            let members = grouped[layer] ?? []
            let n = Float(max(members.count, 1))
            return LayerStatistics(
                layer: layer, entropy: members.map(\.entropy).reduce(0, +) / n,
                meanDistance: members.map(\.meanDistance).reduce(0, +) / n,
                importance: members.map(\.importance).reduce(0, +))
        }
    }
}
