/// How a run of text looks: font role, size, colour and optional highlight.
public struct TextStyle: Hashable, Sendable {
    /// The font the text is set in.
    public var font: FontRole
    /// Size in points, e.g. 10.5 for body text.
    public var size: Double
    /// The glyph colour.
    public var color: Color
    /// A background box behind the text (attribution highlight), or `nil`.
    public var background: Color?

    /// A style; the colour defaults to black and there is no background.
    public init(font: FontRole = .body, size: Double = 10.5, color: Color = .black, background: Color? = nil) {
        self.font = font
        self.size = size
        self.color = color
        self.background = background
    }

    /// Body text: Noto Serif 10.5 pt.
    public static let body = TextStyle()
    /// Small sans text for captions, tables and labels: Noto Sans 8.5 pt.
    public static let caption = TextStyle(font: .sans, size: 8.5, color: .darkGray)
    /// Monospace tokens: DejaVu Sans Mono 9 pt.
    public static let token = TextStyle(font: .mono, size: 9)

    /// The same style at another size.
    public func sized(_ size: Double) -> TextStyle {
        var copy = self
        copy.size = size
        return copy
    }
}
