/// Options for ``Explainer/probeFairness(_:explanation:options:)``.
public struct FairnessOptions: Sendable {
    /// An attribute is flagged when its counterfactual moves p(decision) by at least this much, e.g. `0.05`.
    public var probabilityThreshold: Double
    /// An attribute is flagged when its mentions get at least this share of the positive attribution, e.g.
    /// `0.10`.
    public var shareThreshold: Double
    /// The attributes to look for, in report order.
    public var attributes: [FairnessAttribute]
    /// The lexicon that finds mentions and writes counterfactuals.
    public var lexicon: FairnessLexicon
    /// The attribution method whose word scores give the share (gradient-weighted attention).
    public var method: AttributionMethod
    /// Sequences per batched forward pass.
    public var batchSize: Int
    /// Windows already classified (e.g. the explanation's own), not run again; nil runs every window.
    public var cache: WindowLogitsCache? = nil

    /// Creates options.
    /// - Parameters:
    ///   - probabilityThreshold: Flag at |Δp(decision)| ≥ this, default `0.05`.
    ///   - shareThreshold: Flag at an attribution share ≥ this, default `0.10`.
    ///   - attributes: The attributes to look for, default all of them.
    ///   - lexicon: Default ``FairnessLexicon/standard``.
    ///   - method: Default ``AttributionMethod/gradientWeighted``.
    ///   - batchSize: Default `8`.
    public init(
        probabilityThreshold: Double = 0.05, shareThreshold: Double = 0.10,
        attributes: [FairnessAttribute] = FairnessAttribute.allCases, lexicon: FairnessLexicon = .standard,
        method: AttributionMethod = .gradientWeighted, batchSize: Int = 8
    ) {
        self.probabilityThreshold = probabilityThreshold
        self.shareThreshold = shareThreshold
        self.attributes = attributes
        self.lexicon = lexicon
        self.method = method
        self.batchSize = batchSize
    }
}

/// The fairness probe of one decision: which protected attributes the document mentions, what happens to the
/// decision when each is edited (swapped, neutralised or removed), and how much attribution their words get.
/// Encoded into the dossier's JSON record; field names are the JSON keys, every number is finite.
public struct FairnessReport: Sendable, Codable, Equatable {
    /// Version of this JSON layout; bumped on any incompatible change.
    public var schemaVersion = 1
    /// ``FairnessLexicon/version`` of the lexicon used.
    public var lexiconVersion: String
    /// The attribution method behind ``Finding/attributionShare``, e.g. `"gradientWeighted"`.
    public var method: AttributionMethod
    /// |Δp(decision)| at or above which an attribute is flagged.
    public var probabilityThreshold: Double
    /// Attribution share at or above which an attribute is flagged.
    public var shareThreshold: Double
    /// The attributes looked for (found or not), in Regulation B order.
    public var attributesSearched: [FairnessAttribute]
    /// The decision the probe measures against.
    public var decision: Decision
    /// One finding per attribute the document mentions, in Regulation B order.
    public var findings: [Finding]
    /// The attributes whose finding is flagged.
    public var flaggedAttributes: [FairnessAttribute]
    /// What the probe does not check, in plain words.
    public var notChecked: [String]

    /// The decision on the original document.
    public struct Decision: Sendable, Codable, Equatable {
        /// The predicted label, e.g. `"decline"`.
        public var label: String
        /// Its index in the model's labels.
        public var index: Int
        /// p(label | original document), from the same batched forward pass as the counterfactuals.
        public var probability: Float
    }

    /// What one attribute's counterfactual did.
    public struct Finding: Sendable, Codable, Equatable {
        /// The attribute.
        public var attribute: FairnessAttribute
        /// Every mention of it, with the edit the counterfactual made.
        public var mentions: [FairnessMention]
        /// The edit kinds used, e.g. `["swap"]`, `["remove"]`.
        public var edits: [FairnessEdit]
        /// p(decision) on the original document.
        public var probabilityBefore: Float
        /// p(decision) on the counterfactual document.
        public var probabilityAfter: Float
        /// `probabilityAfter − probabilityBefore`.
        public var probabilityChange: Float
        /// The predicted label on the counterfactual document.
        public var labelAfter: String
        /// Whether the predicted label differs from the original decision.
        public var decisionChanged: Bool
        /// Sum of the positive word scores of words overlapping a mention, over the sum of all positive word
        /// scores (0 when no word scores positive).
        public var attributionShare: Float
        /// Whether any threshold is met or the decision changes.
        public var flagged: Bool
        /// Why it is flagged, in plain words, e.g. `"p(decline) changes by -0.31 (threshold 0.05)"`.
        public var reasons: [String]
    }
}
