/// A half-open range `[start, end)` of **Unicode-scalar offsets** into a document's text.
///
/// Offsets count Unicode scalars (code points), exactly like Python `str` indices, so a consumer in Python
/// reads the spanned text as `text[span.start:span.end]`. They are *not* UTF-8 byte offsets and not Swift
/// `Character` (grapheme) offsets; the corpus writes every text in NFC with precomposed letters, so an accented
/// name such as "José" is four scalars in both languages.
public struct Span: Codable, Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The first Unicode-scalar offset inside the span, e.g. `112`.
    public var start: Int
    /// The first Unicode-scalar offset after the span, e.g. `151`.
    public var end: Int

    /// Creates a span; `start` must not exceed `end`.
    public init(start: Int, end: Int) {
        precondition(start <= end, "Span start \(start) exceeds end \(end)")
        self.start = start
        self.end = end
    }

    /// The number of Unicode scalars covered.
    public var length: Int { end - start }

    /// Whether the span and `other` share at least one scalar.
    public func overlaps(_ other: Span) -> Bool {
        start < other.end && other.start < end
    }

    /// Whether `other` lies entirely inside this span.
    public func contains(_ other: Span) -> Bool {
        start <= other.start && other.end <= end
    }

    /// Whether the scalar offset `offset` lies inside this span.
    public func contains(offset: Int) -> Bool {
        start <= offset && offset < end
    }

    /// The span moved by `delta` scalars.
    public func shifted(by delta: Int) -> Span {
        Span(start: start + delta, end: end + delta)
    }

    /// Returns the spanned text of `text`, or `nil` when the span does not fit inside it.
    ///
    /// - Parameter text: The document text the span indexes (Unicode-scalar offsets).
    public func substring(of text: String) -> String? {
        let scalars = text.unicodeScalars
        guard start >= 0, end <= scalars.count else { return nil }
        let lower = scalars.index(scalars.startIndex, offsetBy: start)
        let upper = scalars.index(lower, offsetBy: length)
        return String(scalars[lower..<upper])
    }

    public static func < (lhs: Span, rhs: Span) -> Bool {
        (lhs.start, lhs.end) < (rhs.start, rhs.end)
    }

    public var description: String { "[\(start), \(end))" }
}
