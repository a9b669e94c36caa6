/// The attribution methods an explanation scores tokens, words and phrases with, in display order.
///
/// The raw values are the JSON keys of an encoded `Explanation` (schemaVersion 1): dictionaries keyed by a
/// method encode as JSON objects with these keys (`CodingKeyRepresentable`).
public enum AttributionMethod: String, CaseIterable, Codable, CodingKeyRepresentable, Sendable {
    /// Gradient-weighted attention rollout (Chefer et al. 2021), from the target logit.
    case gradientWeighted
    /// Attention rollout (Abnar & Zuidema 2020).
    case rollout
    /// The last layer's attention from the first token, averaged over heads.
    case rawAttention
    /// Gradient × input on the word embeddings.
    case gradientTimesInput
}
