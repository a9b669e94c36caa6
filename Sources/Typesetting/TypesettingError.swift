/// Everything that can go wrong while loading fonts, laying out content or writing a PDF.
///
/// Each case carries the evidence a reader needs to fix the input: the file, the text or the value that was
/// rejected, and what was wrong with it.
public enum TypesettingError: Error, Equatable, CustomStringConvertible {
    /// A font file does not exist or cannot be read.
    case fontFileUnreadable(path: String, reason: String)
    /// A font file exists but FreeType or HarfBuzz cannot parse it as a font.
    case fontFileCorrupt(path: String, reason: String)
    /// Cairo reported an error status.
    case cairo(operation: String, status: String)
    /// The output path cannot be written (missing folder, no permission, …).
    case outputUnwritable(path: String, reason: String)
    /// UTF-8 input that is not valid UTF-8.
    case invalidUTF8(source: String, byteOffset: Int)
    /// A numeric input (matrix value, chart value, size) is not usable.
    case invalidValue(what: String, reason: String)
    /// A matrix whose element count does not match its declared shape.
    case shapeMismatch(what: String, expected: Int, actual: Int)
    /// A PDF this module cannot read back: not written by it, damaged, or using features its reader lacks
    /// (cross-reference streams, compressed attachments).
    case unreadablePDF(reason: String)

    public var description: String {
        switch self {
        case .fontFileUnreadable(let path, let reason):
            return "font file '\(path)' cannot be read: \(reason)"
        case .fontFileCorrupt(let path, let reason):
            return "font file '\(path)' is not a usable font: \(reason)"
        case .cairo(let operation, let status):
            return "cairo failed during \(operation): \(status)"
        case .outputUnwritable(let path, let reason):
            return "cannot write PDF to '\(path)': \(reason)"
        case .invalidUTF8(let source, let byteOffset):
            return "\(source) is not valid UTF-8 (first bad byte at offset \(byteOffset))"
        case .invalidValue(let what, let reason):
            return "\(what): \(reason)"
        case .shapeMismatch(let what, let expected, let actual):
            return "\(what) has \(actual) values, expected \(expected)"
        case .unreadablePDF(let reason):
            return "cannot read the PDF: \(reason)"
        }
    }
}
