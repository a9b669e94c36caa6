/// A piece of text in one style; paragraphs are sequences of spans.
public struct TextSpan: Hashable, Sendable {
    /// The text, any Unicode; control characters are shown as U+FFFD, newlines force a line break.
    public var text: String
    /// How it looks.
    public var style: TextStyle

    /// A span of text in a style.
    public init(_ text: String, style: TextStyle = .body) {
        self.text = text
        self.style = style
    }
}
