/// Plausibility of an attribution against human rationales: token-level average precision, as ERASER
/// reports it for soft scores (DeYoung et al. 2020, "AUPRC").
public enum Plausibility {
    /// Whether each token overlaps any of the rationale spans (all ranges in the same character units).
    public static func relevance(tokens: [Range<Int>], rationale: [Range<Int>]) -> [Bool] {
        tokens.map { token in
            !token.isEmpty && rationale.contains { $0.overlaps(token) }
        }
    }

    /// Average precision of ranking tokens by `scores` (highest first) against `relevant`: the mean, over the
    /// relevant tokens, of the precision among the tokens ranked at or above each of them. Ties are ranked
    /// pessimistically (irrelevant tokens first), so a constant score earns no credit.
    /// - Returns: `nil` when no token is relevant.
    public static func averagePrecision(scores: [Float], relevant: [Bool]) -> Double? {
        precondition(scores.count == relevant.count, "one relevance flag per score")
        let positives = relevant.filter { $0 }.count
        guard positives > 0 else { return nil }
        let order = scores.indices.sorted { a, b in
            scores[a] != scores[b] ? scores[a] > scores[b] : (!relevant[a] && relevant[b])
        }
        var hits = 0
        var sum = 0.0
        for (rank, index) in order.enumerated() where relevant[index] {
            hits += 1
            sum += Double(hits) / Double(rank + 1)
        }
        return sum / Double(positives)
    }
}
