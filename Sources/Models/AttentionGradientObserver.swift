/// Sees every head's attention map and its gradient ∂logit/∂A while `SequenceClassifier.backward` forms them.
///
/// The maps and gradients of a whole model are large (`L·H·T²` floats each: 75 MB for MiniLM at 512 tokens), and
/// every attribution that reads them (gradient-weighted attention, rollout, head importance) would otherwise read
/// them again from memory. An observer reads each head's block just after the backward pass wrote its gradient,
/// while both are still in cache, and the gradients need not be kept at all.
///
/// Order: layers arrive from the last to the first. `observe` is called once per head of a layer, concurrently
/// for different heads (implementations write per-head state only); `finish(layer:)` follows once every head of
/// the layer has been observed, before any head of the layer below, never concurrently with `observe`.
public protocol AttentionGradientObserver: AnyObject, Sendable {
    /// One head of one layer.
    /// - Parameters:
    ///   - attention: the head's probabilities A, `[T, T]` row-major (all T query rows).
    ///   - gradient: ∂logit/∂A for the first `rows` query rows, `[rows, T]` row-major; the later rows have no
    ///     gradient (zero) and are not passed. `rows` is T except in the last layer of a CLS-pooled classifier (1).
    ///   - length: T.
    ///   The pointers are valid only during the call.
    func observe(
        layer: Int, head: Int, attention: UnsafePointer<Float>, gradient: UnsafePointer<Float>, rows: Int,
        length: Int)

    /// Called after every head of `layer` has been observed.
    func finish(layer: Int)
}
