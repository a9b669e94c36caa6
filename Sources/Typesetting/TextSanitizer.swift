import Foundation

/// Makes arbitrary input text safe to typeset without losing anything visibly.
///
/// Swift strings cannot hold unpaired surrogates, so invalid scalars can only arrive as bytes: ``decode(_:source:)``
/// rejects them with the byte offset. Control characters are replaced by U+FFFD REPLACEMENT CHARACTER, which is
/// drawn (from a font or as a placeholder), so a reader sees that something was there.
public enum TextSanitizer {
    /// The substitute drawn for control characters: U+FFFD.
    public static let replacement: Character = "\u{FFFD}"

    /// Decodes UTF-8 strictly.
    ///
    /// - Parameters:
    ///   - data: The bytes.
    ///   - source: What the bytes are (a file name), quoted in the error.
    /// - Throws: ``TypesettingError/invalidUTF8(source:byteOffset:)`` with the offset of the first bad byte.
    public static func decode(_ data: Data, source: String) throws -> String {
        var iterator = data.makeIterator()
        var decoder = UTF8()
        var scalars = String.UnicodeScalarView()
        var offset = 0
        var scalarStart = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                scalars.append(scalar)
                offset += String(scalar).utf8.count
                scalarStart = offset
            case .emptyInput:
                break loop
            case .error:
                throw TypesettingError.invalidUTF8(source: source, byteOffset: scalarStart)
            }
        }
        return String(scalars)
    }

    /// The text with line endings normalised to `\n`, tabs as spaces, and every other control character
    /// (C0, DEL, C1) replaced by U+FFFD.
    public static func clean(_ text: String) -> String {
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n")
        var scalars = String.UnicodeScalarView()
        for scalar in normalised.unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x2028, 0x2029: scalars.append("\n")
            case 0x09: scalars.append(" ")
            case 0x0D: scalars.append("\n")
            case 0x00...0x1F, 0x7F...0x9F: scalars.append("\u{FFFD}")
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}
