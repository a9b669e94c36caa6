/// How the lines of a paragraph sit between the margins.
public enum TextAlignment: Hashable, Sendable {
    /// Flush left, ragged right.
    case leading
    /// Flush right.
    case trailing
    /// Centred.
    case center
    /// Flush on both sides by widening spaces; the last line and lines ending in a forced break stay ragged.
    case justified
}
