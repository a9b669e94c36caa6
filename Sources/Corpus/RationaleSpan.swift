/// One ground-truth piece of evidence: the span of a fact or clause that decided a document's label.
///
/// A rationale span covers exactly the deciding phrase (for example "two delinquencies in the last 24 months"
/// or the sentence that creates unlimited liability), never a whole paragraph, so token-level attributions can
/// be scored against it.
public struct RationaleSpan: Codable, Hashable, Sendable {
    /// The fact the span states, from the rules' vocabulary, e.g. `"debtToIncome"` or `"unlimitedLiability"`.
    public var fact: String
    /// Where the phrase sits in the text, in Unicode-scalar offsets.
    public var span: Span
    /// The spanned text, repeated for readers of the JSON Lines export, e.g. `"a debt-to-income ratio of 47%"`.
    public var text: String

    /// Creates a rationale span.
    public init(fact: String, span: Span, text: String) {
        self.fact = fact
        self.span = span
        self.text = text
    }
}
