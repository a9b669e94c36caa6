/// Sees every head's attention map and its gradient ∂logit/∂A while `SequenceClassifier.backward` forms them.
///
/// The maps and gradients of a whole model are large (`L·H·T²` floats each: 75 MB for MiniLM at 512 tokens), and
/// every attribution that reads them (gradient-weighted attention, rollout, head importance) would otherwise read
/// them again from memory. An observer reads each block of a head's gradient just after the backward pass wrote
/// it, while it and the map's rows are still in cache, and the gradients need not be kept at all.
///
/// Order: layers arrive from the last to the first. Each head's query rows arrive in one or more blocks, in order,
/// together covering all T rows (`AttentionBlock.isLast` marks the head's last); blocks of different heads arrive
/// concurrently (implementations write per-head state only). `finish(layer:)` follows once every head of the layer
/// has been observed, before any head of the layer below, never concurrently with `observe`.
public protocol AttentionGradientObserver: AnyObject, Sendable {
    /// One block of query rows of one head of one layer. The pointers are valid only during the call.
    func observe(layer: Int, head: Int, block: AttentionBlock)

    /// Called after every head of `layer` has been observed.
    func finish(layer: Int)
}

/// Query rows `rows` of one head's attention map with their gradient ∂logit/∂A, as the backward pass shows them
/// (`AttentionGradientObserver`, `SelfAttention.HeadVisit`). Row-major with stride `length` (T).
public struct AttentionBlock {
    /// The head's whole map A, `[T, T]`: every row is present, also those of other blocks.
    public var map: UnsafePointer<Float>
    /// ∂logit/∂A of the block's rows that carry gradient (those below `gradientRows`), starting at row
    /// `rows.lowerBound`; later rows have no gradient (zero) and no row here.
    public var gradient: UnsafePointer<Float>
    /// The query rows this block covers.
    public var rows: Range<Int>
    /// The rows of the whole map that carry gradient: T, except in the last layer of a CLS-pooled classifier (1).
    public var gradientRows: Int
    /// T.
    public var length: Int

    public init(
        map: UnsafePointer<Float>, gradient: UnsafePointer<Float>, rows: Range<Int>, gradientRows: Int, length: Int
    ) {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= length, "rows \(rows) of a \(length)-row map")
        (self.map, self.gradient, self.rows, self.gradientRows, self.length) = (
            map, gradient, rows, gradientRows, length
        )
    }

    /// The block's rows that carry gradient (a prefix of `rows`, possibly empty).
    public var rowsWithGradient: Range<Int> {
        rows.lowerBound..<max(rows.lowerBound, min(rows.upperBound, gradientRows))
    }

    /// Whether this is the head's last block.
    public var isLast: Bool { rows.upperBound == length }
}
