import Foundation

/// `Precompiled`: SentencePiece's compiled normalisation rules (`precompiled_charsmap`, e.g. `nmt_nfkc`).
///
/// The charsmap is a little-endian `u32` trie size, that many bytes of Darts double-array trie units over UTF-8
/// prefixes, then the replacement strings, each ended by a NUL; a trie leaf holds the replacement's offset.
/// Mirrors `tokenizers`' `normalizers/precompiled.rs` with the `spm_precompiled` crate: the text is walked by
/// extended grapheme cluster; a cluster shorter than 6 UTF-8 bytes whose bytes start with a rule is replaced
/// whole by the rule's replacement (the *first*, shortest rule found); otherwise each scalar is looked up on its
/// own. The alignment follows `replace` in `precompiled.rs`: a longer replacement appends inserted scalars, a
/// shorter one drops the original's last scalars.
struct PrecompiledNormalizer: NormalizationStep {
    /// The double-array units.
    private let units: [UInt32]
    /// The NUL-separated replacements.
    private let replacements: [UInt8]

    /// Why a charsmap cannot be used, for the loader's error message.
    enum ParseError: Error, CustomStringConvertible {
        case notBase64
        case truncated(trieBytes: Int, available: Int)
        case emptyTrie
        case replacementsNotUTF8

        var description: String {
            switch self {
            case .notBase64: return "not valid base64"
            case .truncated(let trieBytes, let available):
                return "declares a \(trieBytes)-byte trie but only \(available) bytes follow"
            case .emptyTrie: return "has an empty trie"
            case .replacementsNotUTF8: return "its replacement strings are not valid UTF-8"
            }
        }
    }

    /// Parses the base64 `precompiled_charsmap` of a tokenizer.json.
    init(base64 charsmap: String) throws(ParseError) {
        guard let data = Data(base64Encoded: charsmap) else { throw .notBase64 }
        try self.init(bytes: [UInt8](data))
    }

    /// Parses a binary charsmap.
    init(bytes: [UInt8]) throws(ParseError) {
        guard bytes.count >= 4 else { throw .truncated(trieBytes: 4, available: bytes.count) }
        func word(at offset: Int) -> UInt32 {
            UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
                | UInt32(bytes[offset + 3]) << 24
        }
        let trieBytes = Int(word(at: 0))
        let unitCount = trieBytes / 4
        guard unitCount * 4 <= bytes.count - 4 else {
            throw .truncated(trieBytes: trieBytes, available: bytes.count - 4)
        }
        guard unitCount > 0 else { throw .emptyTrie }
        units = (0..<unitCount).map { word(at: 4 + 4 * $0) }
        replacements = Array(bytes[(4 + 4 * unitCount)...])
        guard String(validating: replacements, as: UTF8.self) != nil else { throw .replacementsNotUTF8 }
    }

    // MARK: - Double array (Darts, as `spm_precompiled::DoubleArray`)

    private static func hasLeaf(_ unit: UInt32) -> Bool { (unit >> 8) & 1 == 1 }
    private static func value(_ unit: UInt32) -> Int { Int(unit & ((1 << 31) - 1)) }
    private static func label(_ unit: UInt32) -> UInt32 { unit & ((1 << 31) | 0xFF) }
    private static func offset(_ unit: UInt32) -> Int { Int((unit >> 10) << ((unit & (1 << 9)) >> 6)) }

    /// The replacement of the first (shortest) rule that prefixes `key`, as `Precompiled::transform`.
    func replacement(for key: some Sequence<UInt8>) -> [Unicode.Scalar]? {
        var position = Self.offset(units[0])
        for byte in key {
            if byte == 0 { break }
            position ^= Int(byte)
            guard position < units.count else { return nil }
            let unit = units[position]
            guard Self.label(unit) == UInt32(byte) else { return nil }
            position ^= Self.offset(unit)
            guard position < units.count else { return nil }
            if Self.hasLeaf(unit) { return replacement(at: Self.value(units[position])) }
        }
        return nil
    }

    /// The NUL-ended replacement starting at `start`; `nil` where `tokenizers` would panic (outside the blob or
    /// inside a character).
    private func replacement(at start: Int) -> [Unicode.Scalar]? {
        guard start <= replacements.count else { return nil }
        var end = start
        while end < replacements.count && replacements[end] != 0 { end += 1 }
        guard start == replacements.count || (replacements[start] & 0xC0) != 0x80 else { return nil }
        return Array(String(decoding: replacements[start..<end], as: UTF8.self).unicodeScalars)
    }

    // MARK: - Normalisation

    func normalize(_ text: inout NormalizedText) {
        guard !text.scalars.isEmpty else { return }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: text.scalars)
        var changes: [(scalar: Unicode.Scalar, change: Int)] = []
        changes.reserveCapacity(text.count)
        var modified = false
        var cache: [Unicode.Scalar: [Unicode.Scalar]?] = [:]
        for character in String(view) {
            let cluster = character.unicodeScalars
            if character.utf8.count < 6, let replacement = replacement(for: character.utf8) {
                modified = true
                Self.replace(&changes, oldCount: cluster.count, with: replacement)
                continue
            }
            for scalar in cluster {
                let replacement: [Unicode.Scalar]?
                if let cached = cache[scalar] {
                    replacement = cached
                } else {
                    replacement = self.replacement(for: String(scalar).utf8)
                    cache[scalar] = .some(replacement)
                }
                if let replacement {
                    modified = true
                    Self.replace(&changes, oldCount: 1, with: replacement)
                } else {
                    changes.append((scalar, 0))
                }
            }
        }
        if modified { text.transform(changes, initialOffset: 0) }
    }

    /// `replace` of `precompiled.rs`: `oldCount` scalars become `new`.
    private static func replace(
        _ changes: inout [(scalar: Unicode.Scalar, change: Int)], oldCount: Int, with new: [Unicode.Scalar]
    ) {
        let difference = new.count - oldCount
        for scalar in new { changes.append((scalar, 0)) }
        if difference > 0 {
            for index in (changes.count - difference)..<changes.count { changes[index].change = 1 }
        } else if difference < 0, !changes.isEmpty {
            changes[changes.count - 1].change += difference
        }
    }
}
