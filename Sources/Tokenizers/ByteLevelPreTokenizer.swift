/// GPT-2's byte-level pre-tokeniser: optional prefix space, the GPT-2 split regex, bytes as printable characters.
///
/// Mirrors `ByteLevel` in `tokenizers` (`pre_tokenizers/byte_level.rs`) with `use_regex: true`. The regex
/// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+` is matched by hand over
/// Unicode scalars, alternative by alternative, which is exact and much faster than a regex engine.
struct ByteLevelPreTokenizer: Sendable {
    /// Prepend a space when the text does not start with one, so the first word looks like the others.
    var addPrefixSpace: Bool

    /// Adds the prefix space (aligned to the first scalar, as `NormalizedString::prepend` does) when configured.
    func prepared(_ text: NormalizedText) -> NormalizedText {
        guard addPrefixSpace, let first = text.scalars.first, first != " " else { return text }
        var result = NormalizedText()
        result.scalars.reserveCapacity(text.count + 1)
        result.origins.reserveCapacity(text.count + 1)
        result.append(" ", origin: text.origins[0])
        result.scalars.append(contentsOf: text.scalars)
        result.origins.append(contentsOf: text.origins)
        return result
    }

    /// The GPT-2 regex matches of `text`, which together cover it.
    static func split(_ text: NormalizedText) -> [Range<Int>] {
        let scalars = text.scalars
        let classes = scalars.map(\.gpt2Class)
        let count = scalars.count
        var pieces: [Range<Int>] = []
        pieces.reserveCapacity(count / 3 + 1)

        /// The end of the run of `kind` starting at `start`.
        func runEnd(from start: Int, where predicate: (GPT2CharacterClass) -> Bool) -> Int {
            var end = start
            while end < count && predicate(classes[end]) { end += 1 }
            return end
        }

        var index = 0
        while index < count {
            // 's|'t|'re|'ve|'m|'ll|'d
            if scalars[index] == "'" && index + 1 < count {
                let next = scalars[index + 1]
                if next == "s" || next == "t" || next == "m" || next == "d" {
                    pieces.append(index..<(index + 2))
                    index += 2
                    continue
                }
                if index + 2 < count {
                    let pair = (next, scalars[index + 2])
                    if pair == ("r", "e") || pair == ("v", "e") || pair == ("l", "l") {
                        pieces.append(index..<(index + 3))
                        index += 3
                        continue
                    }
                }
            }
            // ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`
            let bodyStart =
                scalars[index] == " " && index + 1 < count && classes[index + 1] != .whitespace
                ? index + 1 : index
            let kind = classes[bodyStart]
            if kind != .whitespace {
                let end = runEnd(from: bodyStart) { $0 == kind }
                pieces.append(index..<end)
                index = end
                continue
            }
            // `\s+(?!\S)`, then `\s+`
            let end = runEnd(from: index) { $0 == .whitespace }
            if end == count || end - index == 1 {
                pieces.append(index..<end)
                index = end
            } else {
                pieces.append(index..<(end - 1))
                index = end - 1
            }
        }
        return pieces
    }
}

/// GPT-2's reversible map from bytes to printable characters (`bytes_to_unicode`).
enum ByteLevelAlphabet {
    /// `characters[byte]` is the character standing for `byte`, e.g. 0x20 → `Ġ` (U+0120).
    static let characters: [Unicode.Scalar] = {
        var printable = Array(0x21...0x7E) + Array(0xA1...0xAC) + Array(0xAE...0xFF)
        var table = [UInt32](repeating: 0, count: 256)
        for byte in printable { table[byte] = UInt32(byte) }
        var next: UInt32 = 256
        for byte in 0..<256 where !printable.contains(byte) {
            table[byte] = next
            next += 1
            printable.append(byte)
        }
        return table.map { Unicode.Scalar($0) ?? " " }
    }()
}
