/// Everything the tool says about one decision: prediction, windows, token/word/phrase scores of every
/// method, head and layer statistics, faithfulness and agreement. Encoded as the JSON sidecar
/// (`schemaVersion` 1; field names are the JSON keys).
public struct Explanation: Sendable, Codable, Equatable {
    /// Version of this JSON layout; bumped on any incompatible change.
    public var schemaVersion = 1
    public var model: ModelSummary
    public var document: DocumentSummary
    public var prediction: Prediction
    /// Per window: tokens with offsets, logits and every method's per-token scores (special tokens included).
    public var windows: [Window]
    /// Document-level content tokens, scores averaged over the windows covering them.
    public var tokens: [ScoredToken]
    public var words: [Word]
    /// Highlighted phrases per method.
    public var phrases: [AttributionMethod: [Phrase]]
    public var heads: [HeadStatistics]
    public var layers: [LayerStatistics]
    public var faithfulness: Faithfulness?
    public var agreement: Agreement

    /// The attribution methods, in display order.
    public static let methods = AttributionMethod.allCases

    public struct ModelSummary: Sendable, Codable, Equatable {
        public var directory: String
        public var architecture: String
        public var labels: [String]
        public var layers: Int
        public var heads: Int
        public var maxSequenceLength: Int
    }

    public struct DocumentSummary: Sendable, Codable, Equatable {
        /// Characters (Unicode scalars) in the text that was explained.
        public var characters: Int
        /// Content tokens (special tokens not counted).
        public var tokens: Int
        public var windowSize: Int
        public var windowStride: Int
        public var windowCount: Int
        /// How windows are combined: "mean of window logits".
        public var aggregation: String
    }

    public struct Prediction: Sendable, Codable, Equatable {
        /// The predicted (largest-probability) label.
        public var label: String
        public var index: Int
        /// Mean of the windows' logits.
        public var logits: [Float]
        /// Softmax of `logits`.
        public var probabilities: [Float]
        /// The class whose logit was explained (the prediction unless another was asked for).
        public var target: Int
        public var targetLabel: String
    }

    public struct Window: Sendable, Codable, Equatable {
        public var index: Int
        /// Content-token range of the document covered by this window.
        public var contentStart: Int
        public var contentEnd: Int
        public var tokens: [WindowToken]
        public var logits: [Float]
        public var rollout: [Float]
        public var gradientWeighted: [Float]
        public var rawAttention: [Float]
        public var gradientTimesInput: [Float]
    }

    public struct WindowToken: Sendable, Codable, Equatable {
        public var id: Int
        public var text: String
        /// Unicode-scalar offsets in the original text (0, 0 for special tokens).
        public var start: Int
        public var end: Int
        public var special: Bool
    }

    public struct ScoredToken: Sendable, Codable, Equatable {
        public var id: Int
        public var text: String
        public var start: Int
        public var end: Int
        /// Windows that covered the token.
        public var windows: Int
        public var scores: [AttributionMethod: Float]
    }

    /// Spearman rank correlation of word scores between methods.
    public struct Agreement: Sendable, Codable, Equatable {
        public var methods: [AttributionMethod]
        /// `spearman[i][j]`, nil where undefined (constant scores or fewer than two words).
        public var spearman: [[Double?]]
    }
}

/// ERASER faithfulness (DeYoung et al. 2020) of each method's word ranking, and of a random ranking.
public struct Faithfulness: Sendable, Codable, Equatable {
    /// Fractions of words removed or kept, e.g. `[0.01, 0.05, 0.1, 0.2, 0.5]`.
    public var fractions: [Double]
    /// How words are removed: "word pieces deleted".
    public var removal: String
    /// p(target | full document).
    public var fullProbability: Float
    /// Per method's raw value (and "random", the baseline, which is no method): the curves and their AOPC.
    public var methods: [String: Curve]

    public struct Curve: Sendable, Codable, Equatable {
        /// p(full) − p(document without the top-k words), per fraction: higher = more faithful.
        public var comprehensiveness: [Float]
        /// p(full) − p(only the top-k words), per fraction: lower = more faithful.
        public var sufficiency: [Float]
        /// Mean comprehensiveness over the fractions (area over the perturbation curve).
        public var aopcComprehensiveness: Float
        /// Mean sufficiency over the fractions.
        public var aopcSufficiency: Float
    }
}
