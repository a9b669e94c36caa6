/// The result of tokenising one text: parallel arrays of ids, token strings, original-text offsets and
/// special-token flags.
///
/// Offsets are ranges of Unicode scalars (code points) in the *original* text, the units Python's `str` indices
/// use, so they compare one to one with Hugging Face `return_offsets_mapping`. Special tokens added by the
/// post-processor (`[CLS]`, `</s>`, ...) have the empty range `0..<0`. Use ``ScalarOffsetMap`` or
/// `String.range(ofScalarOffsets:)` to turn an offset back into a `Range<String.Index>`.
public struct Encoding: Sendable, Equatable {
    /// Vocabulary ids, e.g. `[101, 7592, 102]`.
    public var ids: [Int]
    /// Token strings as the vocabulary spells them, e.g. `["[CLS]", "hello", "[SEP]"]` or `["<s>", "Ġworld"]`.
    public var tokens: [String]
    /// Character ranges in Unicode scalars of the original text; special tokens have `0..<0`.
    public var offsets: [Range<Int>]
    /// `true` for the special tokens the post-processor added (HF `special_tokens_mask`).
    public var isSpecial: [Bool]

    /// The number of tokens.
    public var count: Int { ids.count }

    /// An encoding without tokens.
    public static let empty = Encoding(ids: [], tokens: [], offsets: [], isSpecial: [])

    /// Creates an encoding from parallel arrays.
    ///
    /// - Precondition: all four arrays have the same length.
    public init(ids: [Int], tokens: [String], offsets: [Range<Int>], isSpecial: [Bool]) {
        precondition(
            ids.count == tokens.count && ids.count == offsets.count && ids.count == isSpecial.count,
            "Encoding arrays differ in length: \(ids.count) ids, \(tokens.count) tokens, "
                + "\(offsets.count) offsets, \(isSpecial.count) flags")
        self.ids = ids
        self.tokens = tokens
        self.offsets = offsets
        self.isSpecial = isSpecial
    }

    /// The tokens at `positions`, e.g. a window of a long document to wrap with ``Tokenizer/addingSpecialTokens(to:)``.
    ///
    /// - Precondition: `positions` lies within `0..<count`.
    public func slice(_ positions: Range<Int>) -> Encoding {
        precondition(
            positions.lowerBound >= 0 && positions.upperBound <= count, "slice \(positions) of \(count) tokens")
        return Encoding(
            ids: Array(ids[positions]), tokens: Array(tokens[positions]), offsets: Array(offsets[positions]),
            isSpecial: Array(isSpecial[positions]))
    }

    /// The first `maxCount` tokens (all of them when there are fewer).
    public func prefix(_ maxCount: Int) -> Encoding {
        slice(0..<min(max(0, maxCount), count))
    }

    /// Appends one token.
    mutating func append(id: Int, token: String, offsets range: Range<Int>, isSpecial special: Bool = false) {
        ids.append(id)
        tokens.append(token)
        offsets.append(range)
        isSpecial.append(special)
    }

    /// Appends all tokens of `other`.
    mutating func append(contentsOf other: Encoding) {
        ids.append(contentsOf: other.ids)
        tokens.append(contentsOf: other.tokens)
        offsets.append(contentsOf: other.offsets)
        isSpecial.append(contentsOf: other.isSpecial)
    }
}
