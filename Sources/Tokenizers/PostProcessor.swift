/// What happens after the model: byte-level offset trimming and the special tokens around a sequence.
///
/// Covers the single-sequence behaviour of `TemplateProcessing`, `BertProcessing`, `RobertaProcessing` and
/// `ByteLevel` post-processors in `tokenizers`.
struct PostProcessor: Sendable, Equatable {
    /// A special token placed around the content.
    struct Token: Sendable, Equatable {
        var id: Int
        var token: String
    }

    /// Tokens before the content, e.g. `[CLS]` or `<s>`.
    var prefix: [Token]
    /// Tokens after the content, e.g. `[SEP]` or `</s>`.
    var suffix: [Token]
    /// Remove the spaces a byte-level token carries from its offsets (`trim_offsets`).
    var trimOffsets: Bool
    /// The post-processor's `add_prefix_space`, which keeps the first token's single leading space.
    var addPrefixSpace: Bool

    /// No special tokens and no trimming (a tokenizer.json whose `post_processor` is `null`).
    static let none = PostProcessor(prefix: [], suffix: [], trimOffsets: false, addPrefixSpace: false)

    /// Wraps `content` with the special tokens, which get `0..<0` offsets.
    func wrap(_ content: Encoding) -> Encoding {
        var result = Encoding.empty
        result.ids.reserveCapacity(content.count + prefix.count + suffix.count)
        for special in prefix { result.append(id: special.id, token: special.token, offsets: 0..<0, isSpecial: true) }
        result.append(contentsOf: content)
        for special in suffix { result.append(id: special.id, token: special.token, offsets: 0..<0, isSpecial: true) }
        return result
    }

    /// Trims the offsets of tokens that begin or end with spaces, exactly as `process_offsets` in
    /// `pre_tokenizers/byte_level.rs` does (on character offsets, after the model).
    func trim(_ encoding: inout Encoding) {
        guard trimOffsets else { return }
        let space = ByteLevelAlphabet.characters[0x20]
        func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == space || scalar.properties.isWhitespace }
        for index in encoding.tokens.indices {
            let scalars = encoding.tokens[index].unicodeScalars
            var leading = 0
            for scalar in scalars {
                guard isSpace(scalar) else { break }
                leading += 1
            }
            var trailing = 0
            for scalar in scalars.reversed() {
                guard isSpace(scalar) else { break }
                trailing += 1
            }
            guard leading > 0 || trailing > 0 else { continue }
            var start = encoding.offsets[index].lowerBound
            var end = encoding.offsets[index].upperBound
            if leading > 0 {
                let isFirst = index == 0 || start == 0
                if isFirst && addPrefixSpace && leading == 1 { leading = 0 }
                start = min(start + leading, end)
            }
            if trailing > 0 && end >= trailing {
                end = max(end - trailing, start)
            }
            encoding.offsets[index] = start..<end
        }
    }
}
