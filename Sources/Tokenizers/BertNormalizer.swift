import Foundation

/// BERT's text normaliser, as Hugging Face `tokenizers` implements `BertNormalizer`.
///
/// Steps, in this order (`normalizers/bert.rs`): clean the text (drop U+0000, U+FFFD and control characters;
/// turn every whitespace character into a space), surround CJK ideographs with spaces, strip accents
/// (canonical decomposition, then drop nonspacing marks), lower-case (full Unicode lower-case mapping,
/// character by character). Each output scalar remembers the original scalar it came from.
public struct BertNormalizer: Sendable, Equatable {
    /// Remove control characters and map whitespace to spaces (typically `true`).
    public var cleanText: Bool
    /// Put spaces around CJK ideographs so each becomes its own word (typically `true`).
    public var handleChineseCharacters: Bool
    /// Strip accents; `nil` follows ``lowercase`` as `transformers` does.
    public var stripAccents: Bool?
    /// Lower-case the text (`true` for uncased models such as all-MiniLM-L6-v2).
    public var lowercase: Bool

    /// Creates a normaliser; the defaults are those of `BertNormalizer()` in `tokenizers`.
    public init(
        cleanText: Bool = true, handleChineseCharacters: Bool = true, stripAccents: Bool? = nil,
        lowercase: Bool = true
    ) {
        self.cleanText = cleanText
        self.handleChineseCharacters = handleChineseCharacters
        self.stripAccents = stripAccents
        self.lowercase = lowercase
    }

    /// Whether accents are stripped once `nil` has been resolved.
    public var stripsAccents: Bool { stripAccents ?? lowercase }

    /// Normalises `original[range]`.
    func normalize(_ original: [Unicode.Scalar], range: Range<Int>) -> NormalizedText {
        var output = NormalizedText()
        output.scalars.reserveCapacity(range.count + range.count / 8)
        output.origins.reserveCapacity(range.count + range.count / 8)
        let strip = stripsAccents
        var cache: [Unicode.Scalar: [Unicode.Scalar]] = [:]
        for index in range {
            var scalar = original[index]
            let origin = index..<(index + 1)
            if cleanText {
                if scalar.isRemovedByCleanText { continue }
                if scalar.isBertWhitespace { scalar = " " }
            }
            if handleChineseCharacters && scalar.isBertChineseCharacter {
                output.append(" ", origin: origin)
                output.append(scalar, origin: origin)
                output.append(" ", origin: origin)
                continue
            }
            if scalar.isASCII {
                if lowercase && scalar.value >= 0x41 && scalar.value <= 0x5A {
                    scalar = Unicode.Scalar(UInt8(scalar.value + 0x20))
                }
                output.append(scalar, origin: origin)
                continue
            }
            // Accent stripping and lower-casing of one non-ASCII scalar do not depend on its neighbours.
            if let cached = cache[scalar] {
                for part in cached { output.append(part, origin: origin) }
                continue
            }
            let parts = transformed(scalar, strip: strip)
            cache[scalar] = parts
            for part in parts { output.append(part, origin: origin) }
        }
        return output
    }

    /// Accent stripping then lower-casing of one non-ASCII scalar.
    private func transformed(_ scalar: Unicode.Scalar, strip: Bool) -> [Unicode.Scalar] {
        var parts: [Unicode.Scalar] = []
        if strip {
            for part in Self.canonicalDecomposition(of: scalar) where !part.isNonspacingMark { parts.append(part) }
        } else {
            parts.append(scalar)
        }
        guard lowercase else { return parts }
        var lowered: [Unicode.Scalar] = []
        for part in parts {
            if part.isASCII {
                let value = part.value
                lowered.append(value >= 0x41 && value <= 0x5A ? Unicode.Scalar(UInt8(value + 0x20)) : part)
            } else {
                lowered.append(contentsOf: part.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return lowered
    }

    /// The canonical decomposition (NFD) of one scalar.
    static func canonicalDecomposition(of scalar: Unicode.Scalar) -> String.UnicodeScalarView {
        // Below U+00C0 nothing decomposes; Hangul syllables and the rest go through Foundation.
        if scalar.value < 0xC0 || BertCharacterTables.contains(BertCharacterTables.notDecomposed, scalar.value) {
            return String(scalar).unicodeScalars
        }
        return String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
    }
}
