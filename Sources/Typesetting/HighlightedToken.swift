/// A word or phrase with an attribution score, for ``DocumentBuilder/highlightedParagraph(_:scale:domain:style:)``.
public struct HighlightedToken: Hashable, Sendable {
    /// The text as shown, e.g. "refund".
    public var text: String
    /// The score that picks the background colour; `nil` for no highlight.
    public var score: Double?
    /// What follows the token in the source text, usually " " or "".
    public var trailing: String

    /// A highlighted token.
    public init(_ text: String, score: Double?, trailing: String = " ") {
        self.text = text
        self.score = score
        self.trailing = trailing
    }
}
