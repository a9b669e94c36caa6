import Foundation

/// The relative positions of DeBERTa-v2's disentangled attention and the rows of the relative table they read.
///
/// `transformers`: `build_relative_position` gives `rel[i][j] = bucket(i − j)` for query i and key j, bucketed by
/// `make_log_bucket_position` when `position_buckets` > 0; the content-to-position term reads row
/// `clamp(rel[i][j] + span, 0, 2·span − 1)` of the projected table and the position-to-content term row
/// `clamp(−rel[j][i] + span, 0, 2·span − 1)` (then transposed), span = `pos_ebd_size`.
/// Shapes: T = tokens.
struct RelativePositions: Sendable {
    /// T.
    let length: Int
    /// `rel[i][j]`, `[T, T]`.
    let relative: [Int]
    /// Table rows of the content-to-position term, `[T, T]` (query i, key j).
    let contentToPosition: [Int]
    /// Table rows of the position-to-content term, `[T, T]` (query i, key j; already transposed).
    let positionToContent: [Int]

    /// The tables for `length` tokens.
    /// - Parameters:
    ///   - buckets: `position_buckets` (0: none); `limit`: `max_relative_positions`; `span`: `pos_ebd_size`.
    init(length t: Int, buckets: Int, limit: Int, span: Int) {
        length = t
        var relative = [Int](repeating: 0, count: t * t)
        // rel depends only on i − j: one bucket per distance.
        let distances = (-(t - 1)...(t - 1)).map { d in
            buckets > 0 && limit > 0 ? Self.logBucket(d, buckets: buckets, limit: limit) : d
        }
        for i in 0..<t {
            for j in 0..<t { relative[i * t + j] = distances[i - j + t - 1] }
        }
        func clamp(_ value: Int) -> Int { min(max(value, 0), 2 * span - 1) }
        var c2p = [Int](repeating: 0, count: t * t)
        var p2c = [Int](repeating: 0, count: t * t)
        for i in 0..<t {
            for j in 0..<t {
                c2p[i * t + j] = clamp(relative[i * t + j] + span)
                p2c[i * t + j] = clamp(-relative[j * t + i] + span)
            }
        }
        self.relative = relative
        contentToPosition = c2p
        positionToContent = p2c
    }

    /// `make_log_bucket_position` for one relative position, in Float32 as PyTorch computes it:
    /// distances below `mid` = buckets / 2 stay exact, longer ones map to
    /// `sign · (ceil(log(|d| / mid) / log((limit − 1) / mid) · (mid − 1)) + mid)`.
    static func logBucket(_ position: Int, buckets: Int, limit: Int) -> Int {
        let mid = buckets / 2
        // abs_pos = where(−mid < d < mid, mid − 1, |d|): the logarithm is taken on every entry, used only beyond mid.
        let absolute = position < mid && position > -mid ? mid - 1 : abs(position)
        if absolute <= mid { return position }
        let ratio = Float(absolute) / Float(mid)
        let base = Float(Double(limit - 1) / Double(mid))
        let logPosition = (Foundation.log(ratio) / Foundation.log(base) * Float(mid - 1)).rounded(.up) + Float(mid)
        return Int(logPosition) * (position > 0 ? 1 : -1)
    }
}
