/// One generated document: its text, its label, the spans that decided the label and the protected mentions.
///
/// All spans are Unicode-scalar offsets into ``text`` (Python `str` indices); use ``Span/substring(of:)`` or
/// ``substring(_:)`` to read them.
public struct CorpusDocument: Codable, Hashable, Sendable, Identifiable {
    /// A stable identifier, unique within a seed, e.g. `"loan-s42-00017"`; also the `.txt` file's name.
    public var id: String
    /// Loan application or contract.
    public var kind: DocumentKind
    /// How the text is written.
    public var genre: Genre
    /// The document text (NFC, `\n` line breaks).
    public var text: String
    /// The label name, e.g. `"refer"`.
    public var label: String
    /// The label's index in ``labelNames``.
    public var labelIndex: Int
    /// All label names in class-index order, e.g. `["approve", "refer", "decline"]`.
    public var labelNames: [String]
    /// The spans of the facts or clauses that decided the label, in text order.
    public var rationale: [RationaleSpan]
    /// Every mention of a protected attribute or of a person's name, in text order.
    public var protectedMentions: [ProtectedMention]
    /// The spans of the words that carry a deliberate typo, in text order.
    public var typos: [Span]
    /// The structured facts behind the label.
    public var facts: DocumentFacts

    /// Creates a document record.
    public init(
        id: String, kind: DocumentKind, genre: Genre, text: String, label: String, labelNames: [String],
        rationale: [RationaleSpan], protectedMentions: [ProtectedMention], typos: [Span], facts: DocumentFacts
    ) {
        self.id = id
        self.kind = kind
        self.genre = genre
        self.text = text
        self.label = label
        self.labelIndex = labelNames.firstIndex(of: label) ?? -1
        self.labelNames = labelNames
        self.rationale = rationale
        self.protectedMentions = protectedMentions
        self.typos = typos
        self.facts = facts
    }

    /// The number of whitespace-separated words in ``text``.
    public var wordCount: Int { DraftText.wordCount(text) }

    /// The text covered by `span`, or `nil` when the span does not fit the text.
    public func substring(_ span: Span) -> String? {
        span.substring(of: text)
    }

    /// The mentions of one attribute.
    public func mentions(of attribute: ProtectedAttribute) -> [ProtectedMention] {
        protectedMentions.filter { $0.attribute == attribute }
    }
}

/// The structured facts of a document, by kind; encoded as `{"loan": {...}}` or `{"contract": {...}}`.
public enum DocumentFacts: Codable, Hashable, Sendable {
    case loan(LoanFacts)
    case contract(ContractFacts)

    private enum CodingKeys: String, CodingKey {
        case loan
        case contract
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let facts = try container.decodeIfPresent(LoanFacts.self, forKey: .loan) {
            self = .loan(facts)
        } else {
            self = .contract(try container.decode(ContractFacts.self, forKey: .contract))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .loan(let facts): try container.encode(facts, forKey: .loan)
        case .contract(let facts): try container.encode(facts, forKey: .contract)
        }
    }
}
