import Models
import Tensors

/// What a dossier draws of one window's attention heads: a small picture of every head's map and, for the
/// heads the decision depends on most, the map between the window's most-attributed tokens.
///
/// Full maps are `[T, T]` per head (1 MB each at 512 tokens); these are kept small enough to hold for every
/// window of a long document.
public struct WindowHeadMaps: Sendable, Equatable {
    /// The window's index in the explanation.
    public var window: Int
    /// Tokens in the window, special tokens included.
    public var tokens: Int
    /// Layers and heads per layer.
    public var layers: Int
    public var heads: Int
    /// Side of every thumbnail: `min(tokens, 32)`.
    public var side: Int
    /// Per head, in layer-major order (`layer * heads + head`): the map pooled into `side × side` cells, each the
    /// mean attention weight of its block of query rows (rows) and key columns (columns).
    public var thumbnails: [[Float]]
    /// Every head's attention among the window's focus tokens, in layer-major order (small: 14 × 14 per head), so
    /// that a dossier can enlarge whichever heads rank highest over the whole document.
    public var focus: [FocusHead]

    /// One head's attention among a few chosen tokens.
    public struct FocusHead: Sendable, Equatable {
        public var layer: Int
        public var head: Int
        /// |Σ A ⊙ ∂logit/∂A| in this window.
        public var importance: Float
        /// The chosen tokens' positions in the window, ascending: the start token and the tokens with the
        /// largest gradient-weighted scores.
        public var positions: [Int]
        /// Their texts, for the axes.
        public var labels: [String]
        /// `[positions.count, positions.count]` attention weights, row = query, column = key (not renormalised).
        public var values: [Float]
    }

    /// Pools every head's map of a recorded window and cuts out the focus heads' maps.
    ///
    /// - Parameters:
    ///   - attentions: Per layer `[H, T, T]` (a `.backward` recording of one sequence).
    ///   - window: The window index.
    ///   - labels: The window's token texts, `[T]`.
    ///   - scores: The window's per-token gradient-weighted scores, `[T]`, which choose the focus tokens.
    ///   - special: Whether each token is special, `[T]` (special tokens other than the first are not chosen).
    ///   - heads: The window's head statistics (their importance is kept with each focus map).
    ///   - focusTokens: How many tokens each focus map shows (the start token included).
    static func capture(
        attentions: [Tensor], window: Int, labels: [String], scores: [Float], special: [Bool],
        heads: [HeadStatistics], focusTokens: Int = 14
    ) -> WindowHeadMaps {
        let layerCount = attentions.count
        let h = attentions.first?.shape[0] ?? 0
        let t = attentions.first?.shape[1] ?? 0
        let side = min(t, 32)
        var thumbnails = [[Float]](repeating: [], count: layerCount * h)
        thumbnails.withUnsafeMutableBufferPointer { out in
            let out = UncheckedBox(out)
            Parallel.forEach(layerCount * h) { item in
                out.value[item] = pool(attentions[item / h].scalars, head: item % h, tokens: t, side: side)
            }
        }
        let candidates = (1..<max(t, 1)).filter { !special[$0] }.sorted { scores[$0] > scores[$1] }
        let positions = ([0] + candidates.prefix(max(0, focusTokens - 1))).sorted()
        let focus = heads.map { stats in
            let map = attentions[stats.layer].scalars
            let base = stats.head * t * t
            let values = positions.flatMap { row in positions.map { column in map[base + row * t + column] } }
            return FocusHead(
                layer: stats.layer, head: stats.head, importance: stats.importance, positions: positions,
                labels: positions.map { labels[$0] }, values: values)
        }
        return WindowHeadMaps(
            window: window, tokens: t, layers: layerCount, heads: h, side: side, thumbnails: thumbnails,
            focus: focus)
    }

    /// One head's `[T, T]` map (inside `[H, T, T]` scalars) as `side × side` block means.
    ///
    /// Row `i` falls in cell row `i * side / T`, column `j` in cell column `j * side / T`. Each cell's sum adds its
    /// weights in row-major order, as ``poolReference(_:head:tokens:side:)`` does, but the cells of a row band
    /// are summed side by side (their chains are independent), which is several times faster.
    static func pool(_ scalars: [Float], head: Int, tokens t: Int, side: Int) -> [Float] {
        guard side > 0 else { return [] }
        // Cell column c covers key columns starts[c] ..< starts[c + 1]; cell row r the query rows likewise.
        var starts = [Int](repeating: t, count: side + 1)
        for column in stride(from: t - 1, through: 0, by: -1) { starts[column * side / t] = column }
        let widths = (0..<side).map { starts[$0 + 1] - starts[$0] }
        let narrowest = widths.min() ?? 0
        var cells = [Float](repeating: 0, count: side * side)
        scalars.withUnsafeBufferPointer { map in
            cells.withUnsafeMutableBufferPointer { cells in
                starts.withUnsafeBufferPointer { starts in
                    for row in 0..<t {
                        let band = (row * side / t) * side
                        let base = head * t * t + row * t
                        // Every cell takes its k-th column in turn: k ascending keeps each cell's order.
                        for k in 0..<narrowest {
                            for c in 0..<side { cells[band + c] += map[base + starts[c] + k] }
                        }
                        for c in 0..<side where widths[c] > narrowest {
                            for column in (starts[c] + narrowest)..<starts[c + 1] {
                                cells[band + c] += map[base + column]
                            }
                        }
                    }
                }
            }
        }
        var rowCounts = [Int](repeating: 0, count: side)
        for row in 0..<t { rowCounts[row * side / t] += 1 }
        for r in 0..<side {
            for c in 0..<side {
                // The count of weights in the cell, exact in Float (at most 512 × 512).
                let count = Float(rowCounts[r] * widths[c])
                cells[r * side + c] = count > 0 ? cells[r * side + c] / count : 0
            }
        }
        return cells
    }

    /// The plain loop ``pool(_:head:tokens:side:)`` must equal bit for bit.
    static func poolReference(_ scalars: [Float], head: Int, tokens t: Int, side: Int) -> [Float] {
        guard side > 0 else { return [] }
        var cells = [Float](repeating: 0, count: side * side)
        var counts = [Float](repeating: 0, count: side * side)
        let base = head * t * t
        let columnCell = (0..<t).map { $0 * side / t }
        for row in 0..<t {
            let r = row * side / t
            for column in 0..<t {
                let index = r * side + columnCell[column]
                cells[index] += scalars[base + row * t + column]
                counts[index] += 1
            }
        }
        return zip(cells, counts).map { $1 > 0 ? $0 / $1 : 0 }
    }
}
