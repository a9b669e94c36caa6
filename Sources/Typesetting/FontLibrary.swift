import CFontconfig
import Foundation

/// What a piece of text is set in; each role maps to one shipped font file.
public enum FontRole: String, CaseIterable, Sendable {
    /// Running text: Noto Serif Regular.
    case body
    /// Emphasis in running text: Noto Serif Bold.
    case bodyBold
    /// Tables, captions, running header and footer, chart labels: Noto Sans Regular.
    case sans
    /// Headings and table headers: Noto Sans Bold.
    case heading
    /// Tokens and identifiers: DejaVu Sans Mono.
    case mono
    /// Symbols the Noto faces lack (arrows, ≤ ≥, ∂, ⊙, ☐, box drawing) in any role's text: DejaVu Sans.
    case symbols

    /// The file name of the shipped font for the role, inside the fonts directory.
    public var fileName: String {
        switch self {
        case .body: return "NotoSerif-Regular.ttf"
        case .bodyBold: return "NotoSerif-Bold.ttf"
        case .sans: return "NotoSans-Regular.ttf"
        case .heading: return "NotoSans-Bold.ttf"
        case .mono: return "DejaVuSansMono.ttf"
        case .symbols: return "DejaVuSans.ttf"
        }
    }

    /// The fontconfig family asked for first when the shipped font lacks a character.
    var fallbackFamily: String {
        switch self {
        case .body, .bodyBold: return "Noto Serif"
        case .sans, .heading: return "Noto Sans"
        case .mono: return "monospace"
        case .symbols: return "DejaVu Sans"
        }
    }
}

/// The fonts a document is set in: one shipped face per ``FontRole`` plus system fallbacks.
///
/// A character the role's font lacks is taken from the shipped symbol face (``FontRole/symbols``) when that has
/// it, else looked up with fontconfig among the installed fonts (e.g. Noto Sans CJK for Chinese, Noto Naskh
/// Arabic for Arabic). When nothing covers it, the shaper draws a visible
/// `[U+XXXX]` placeholder instead, so text is never silently dropped.
public final class FontLibrary {
    /// The folder the shipped fonts were loaded from.
    public let directory: URL
    /// Whether installed system fonts may be used for characters the shipped fonts lack (default `true`).
    public var usesSystemFallback: Bool
    private var faces: [FontRole: FontFace] = [:]
    private var fallbackFaces: [String: FontFace] = [:]
    private var fallbackChoice: [String: FontFace?] = [:]

    /// Loads every role's font from a folder.
    ///
    /// - Parameters:
    ///   - directory: A folder holding the files named by ``FontRole/fileName``.
    ///   - usesSystemFallback: Whether fontconfig may supply fonts for uncovered characters.
    /// - Throws: ``TypesettingError`` naming the first missing or corrupt font file.
    public init(directory: URL, usesSystemFallback: Bool = true) throws {
        self.directory = directory
        self.usesSystemFallback = usesSystemFallback
        for role in FontRole.allCases {
            faces[role] = try FontFace(path: directory.appendingPathComponent(role.fileName).path)
        }
    }

    /// The shipped face for a role.
    public func face(for role: FontRole) -> FontFace {
        // Every role is loaded in `init`, so the lookup cannot fail.
        guard let face = faces[role] else { preconditionFailure("font role \(role) not loaded") }
        return face
    }

    /// The face to draw a grapheme cluster in: the role's font, else an installed fallback, else `nil`.
    func face(for character: Character, role: FontRole) -> FontFace? {
        let primary = face(for: role)
        if primary.covers(character) { return primary }
        // Symbols the Noto faces lack (arrows, ≤ ≥, ∂, ⊙, ☐) come from the shipped DejaVu Sans before any
        // installed font, so that a dossier's glyphs, and its bytes, do not depend on the machine's fonts.
        let symbols = face(for: .symbols)
        if symbols !== primary, symbols.covers(character) { return symbols }
        guard usesSystemFallback else { return nil }
        let key = "\(role.rawValue)|\(String(character))"
        if let known = fallbackChoice[key] { return known }
        let found = lookUpFallback(for: character, role: role)
        fallbackChoice[key] = found
        return found
    }

    /// Asks fontconfig for installed fonts ordered by preference and takes the first that covers the cluster.
    private func lookUpFallback(for character: Character, role: FontRole) -> FontFace? {
        guard let pattern = FcPatternCreate() else { return nil }
        defer { FcPatternDestroy(pattern) }
        guard let charset = FcCharSetCreate() else { return nil }
        defer { FcCharSetDestroy(charset) }
        let needed = character.unicodeScalars.filter { !$0.properties.isDefaultIgnorableCodePoint }
        for scalar in needed { _ = FcCharSetAddChar(charset, scalar.value) }
        _ = FcPatternAddCharSet(pattern, "charset", charset)
        _ = FcPatternAddString(pattern, "family", role.fallbackFamily)
        _ = FcConfigSubstitute(nil, pattern, FcMatchPattern)
        FcDefaultSubstitute(pattern)
        var result = FcResultNoMatch
        guard let set = FcFontSort(nil, pattern, 1, nil, &result) else { return nil }
        defer { FcFontSetDestroy(set) }
        for i in 0..<Int(set.pointee.nfont) {
            guard let font = set.pointee.fonts[i] else { continue }
            var fontCharset: OpaquePointer?
            guard FcPatternGetCharSet(font, "charset", 0, &fontCharset) == FcResultMatch, let fontCharset,
                needed.allSatisfy({ FcCharSetHasChar(fontCharset, $0.value) != 0 })
            else { continue }
            var file: UnsafeMutablePointer<FcChar8>?
            guard FcPatternGetString(font, "file", 0, &file) == FcResultMatch, let file else { continue }
            var index: Int32 = 0
            _ = FcPatternGetInteger(font, "index", 0, &index)
            let path = String(cString: file)
            let key = "\(path)#\(index)"
            if let face = fallbackFaces[key], face.covers(character) { return face }
            guard let face = try? FontFace(path: path, index: Int(index)), face.covers(character) else { continue }
            fallbackFaces[key] = face
            return face
        }
        return nil
    }
}
