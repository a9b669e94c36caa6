import Attribution

/// The record of one explained decision: what the PDF says, in numbers, with everything needed to re-perform
/// it. Written as the JSON sidecar and embedded in the PDF (`dossier-record.json`); its layout is
/// `Templates/schema/dossier-record.schema.json` (`schemaVersion` 1).
public struct DossierRecord: Sendable, Codable, Equatable {
    /// Version of this layout; bumped on any incompatible change.
    public var schemaVersion = 1
    /// Always "attention-dossier-record".
    public var kind = "attention-dossier-record"
    /// "regulator" (every section) or "applicant" (the plain-language subset).
    public var audience: String
    public var tool: Tool
    public var caseRecord: CaseRecord
    public var document: DocumentEntry
    public var model: ModelEntry
    public var decision: Decision
    /// The principal reasons, strongest first.
    public var reasons: [Reason]
    /// Every window of the document with its own decision.
    public var windows: [WindowDecision]
    public var trust: Trust
    /// Counterfactual edits of protected-attribute mentions; nil when the probe was not run.
    public var fairness: FairnessSummary?
    /// What should make a reader doubt this output, in words (empty when nothing does).
    public var caveats: [String]
    public var settings: Settings
    public var template: TemplateEntry
    /// The full explanation (`Explanation`, schemaVersion 1): tokens, words, every method's scores, heads.
    public var explanation: Explanation

    /// The program that made the dossier and how it computed.
    public struct Tool: Sendable, Codable, Equatable {
        public var name: String
        public var version: String
        /// "AVX-512 kernels" or "portable kernels": dossiers are byte-identical only on the same route.
        public var numericRoute: String
        /// The BLAS build and the kernel it chose, e.g. "OpenBLAS 0.3.21 … (core Cooperlake)".
        public var blas: String
        /// The command line, as given.
        public var command: String
    }

    /// The case file's fields.
    public struct CaseRecord: Sendable, Codable, Equatable {
        public var caseId: String?
        public var institution: String
        /// The action taken, in words.
        public var action: String
        public var decisionDate: CalendarDate
        /// "consumer" or "business".
        public var creditType: String
        public var retentionMonths: Int
        /// The date until which the record is kept (Regulation B, 12 CFR 1002.12(b)).
        public var retainUntil: CalendarDate
        public var reviewer: String?
        public var reviewOutcome: String?
        public var overrideReason: String?
        public var reviewDate: String?
        /// Who to contact to contest the decision.
        public var contact: String
    }

    /// The document explained.
    public struct DocumentEntry: Sendable, Codable, Equatable {
        /// The path as given on the command line.
        public var name: String
        /// SHA-256 of the file's bytes.
        public var sha256: String
        public var bytes: Int
        /// How its text was obtained, e.g. "plain text", "JSON form fields".
        public var source: String
        /// Unicode scalars of the text that was classified.
        public var characters: Int
        public var words: Int
        public var tokens: Int
        /// Characters the model never read: not covered by any token, or read only as the unknown token.
        public var unread: [UnreadSpan]
    }

    /// A stretch of the document the model did not read as written.
    public struct UnreadSpan: Sendable, Codable, Equatable {
        public var text: String
        public var start: Int
        public var end: Int
        /// "unknown to the vocabulary" or "dropped by the tokenizer".
        public var reason: String
    }

    /// The model and the files it was loaded from.
    public struct ModelEntry: Sendable, Codable, Equatable {
        /// The path as given on the command line.
        public var name: String
        public var architecture: String
        public var labels: [String]
        public var layers: Int
        public var heads: Int
        /// SHA-256 of every file read: configuration, weights, tokenizer (and the model card, when present).
        public var files: [FileDigest]
        /// The model card's opening paragraphs (`README.md` in the model folder, Markdown removed), when present.
        public var card: String?
    }

    public struct FileDigest: Sendable, Codable, Equatable {
        public var name: String
        public var sha256: String
        public var bytes: Int
    }

    /// The decision and every class's probability.
    public struct Decision: Sendable, Codable, Equatable {
        public var label: String
        public var probabilities: [LabelProbability]
        /// The label whose evidence is explained (the decision unless `--target` asked for another).
        public var explainedLabel: String
        /// Two sentences on why, in plain words.
        public var summary: String
    }

    public struct LabelProbability: Sendable, Codable, Equatable {
        public var label: String
        public var probability: Float
    }

    /// A principal reason with its reason code.
    public struct Reason: Sendable, Codable, Equatable {
        public var rank: Int
        /// The passage as written.
        public var text: String
        public var start: Int
        public var end: Int
        /// Share of all positive gradient-weighted attribution in the document.
        public var share: Float
        /// Its strongest words as written.
        public var strongestWords: [String]
        /// The taxonomy's code and wording, when one matched.
        public var code: String?
        public var codeText: String?
    }

    /// One window's decision (long documents are read in overlapping windows).
    public struct WindowDecision: Sendable, Codable, Equatable {
        public var index: Int
        /// Unicode-scalar range of the text the window covers.
        public var start: Int
        public var end: Int
        public var label: String
        /// The window's probability for the document's decision.
        public var probability: Float
        public var agreesWithDocument: Bool
    }

    /// How far the explanation can be trusted.
    public struct Trust: Sendable, Codable, Equatable {
        /// "quick", "full" or "none".
        public var level: String
        /// "strong", "moderate", "weak" or "not checked".
        public var verdict: String
        /// The verdict in words, with the thresholds behind it.
        public var statement: String
        public var quick: TrustCheck?
        /// ERASER curves (full level only).
        public var faithfulness: Faithfulness?
        /// Spearman rank agreement of word scores between methods (full level only).
        public var agreement: Explanation.Agreement?
        /// What was not checked, in words.
        public var notChecked: [String]
    }

    /// The fairness probe's findings as the dossier reports them.
    public struct FairnessSummary: Sendable, Codable, Equatable {
        /// Whether any attribute was flagged.
        public var flagged: Bool
        /// The probe's full report.
        public var report: FairnessReport
    }

    /// Every setting that changes a number in the dossier.
    public struct Settings: Sendable, Codable, Equatable {
        public var reasons: PrincipalReasons.Settings
        public var windowSize: Int
        public var windowStride: Int
        public var aggregation: String
        public var wordGrouping: String
        public var rollout: String
        public var gradientWeighted: String
        public var headImportance: String
        public var removal: String
        public var trustLevel: String
        public var trustRandomDraws: Int
        public var faithfulnessFractions: [Double]?
        public var specialTokens: String
        public var thresholds: DossierThresholds
        public var maximumCharacters: Int
    }

    /// The template the dossier was set with.
    public struct TemplateEntry: Sendable, Codable, Equatable {
        /// The folder's name, e.g. "default".
        public var name: String
        /// SHA-256 over the folder's files.
        public var sha256: String
        public var taxonomy: String
        public var taxonomyVersion: String
    }
}
