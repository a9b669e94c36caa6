/// Whether protected attributes are independent of the label or correlated with it.
public enum CorpusMode: Hashable, Sendable {
    /// Protected attributes and names appear at random, independent of the label.
    case clean
    /// One attribute is always mentioned and, with probability `strength`, its value follows the label:
    /// approvals (standard contracts) draw from the attribute's favoured group, declines (high-risk contracts)
    /// from the disfavoured group, referrals (elevated) from either; otherwise the value is uniform.
    /// See ``ProtectedAttribute/groups``.
    case biased(attribute: ProtectedAttribute, strength: Double)
}

/// How long and how varied documents are.
public enum LengthProfile: String, Codable, Hashable, Sendable, CaseIterable {
    /// 50–900 words, every genre and the full wording pool.
    case normal
    /// About 50–120 words, one genre per kind and limited wording, so a tiny model trains in seconds.
    case small
}

/// Everything that shapes a generated corpus besides the seed.
public struct CorpusOptions: Hashable, Sendable {
    /// Loan applications or contracts.
    public var kind: DocumentKind
    /// Clean or biased.
    public var mode: CorpusMode
    /// Normal or small documents.
    public var length: LengthProfile
    /// Share of documents that carry typos, e.g. `0.3`.
    public var typoShare: Double
    /// When set, filler is never placed so that a deciding fact ends after this many words, e.g. `350`, so a
    /// model that truncates its input (512 tokens for BERT-style models) still sees every deciding fact; longer
    /// documents grow after their last fact. `nil` (default) lets facts fall anywhere.
    public var decidingFactsWithinWords: Int?

    /// Creates options.
    ///
    /// - Parameters:
    ///   - kind: Loan applications or contracts.
    ///   - mode: `.clean` (default) or `.biased(attribute:strength:)`.
    ///   - length: `.normal` (default) or `.small`.
    ///   - typoShare: Share of documents with typos in their prose, default `0.3`.
    ///   - decidingFactsWithinWords: Keep every deciding fact within this many words from the start, default
    ///     `nil` (anywhere).
    public init(
        kind: DocumentKind, mode: CorpusMode = .clean, length: LengthProfile = .normal, typoShare: Double = 0.3,
        decidingFactsWithinWords: Int? = nil
    ) {
        self.decidingFactsWithinWords = decidingFactsWithinWords
        self.kind = kind
        self.mode = mode
        self.length = length
        self.typoShare = typoShare
    }
}
