/// The layout of the per-query-row attention summaries that the softmax forms on the way
/// (`SequenceClassifier.ForwardResult.attentionSummaries`, `[B, H, T, AttentionRowSummary.count]`).
///
/// Each row r of a head's map A (query position r) gets, at these offsets:
/// - `entropy`: −Σ_j A_rj log A_rj, in nats;
/// - `largest`: max_j A_rj;
/// - `distance`: Σ_j A_rj |r − j|, in tokens;
/// - `total`: Σ_j A_rj as stored (1 up to rounding; attention rollout renormalises rows by it).
public enum AttentionRowSummary {
    public static let entropy = 0
    public static let largest = 1
    public static let distance = 2
    public static let total = 3
    /// Floats per row.
    public static let count = 4
}
