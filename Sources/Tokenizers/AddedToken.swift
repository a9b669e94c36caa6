/// A token matched verbatim before the model runs (`added_tokens` in tokenizer.json).
///
/// Hugging Face extracts these first, so `"[MASK]"` typed in a document becomes the mask id rather than
/// `[`, `mask`, `]`. Tokens with `normalized: false` are matched in the original text; those with
/// `normalized: true` in the normalised text, against their normalised content. Options mirror `AddedToken` in
/// `tokenizers`.
public struct AddedToken: Sendable, Equatable, Decodable {
    /// The id, e.g. 103.
    public var id: Int
    /// The text matched, e.g. `"[MASK]"`.
    public var content: String
    /// Only match when not inside a word (default `false`).
    public var singleWord: Bool
    /// Also absorb the whitespace on the left, as RoBERTa's `<mask>` does (default `false`).
    public var leftStrip: Bool
    /// Also absorb the whitespace on the right (default `false`).
    public var rightStrip: Bool
    /// Whether the token is special (`[CLS]`, `<pad>`, ...); informational.
    public var special: Bool
    /// Match in the normalised text (after lower-casing, ...) rather than the original; defaults to `!special`.
    public var normalized: Bool

    enum CodingKeys: String, CodingKey {
        case id
        case content
        case singleWord = "single_word"
        case leftStrip = "lstrip"
        case rightStrip = "rstrip"
        case special
        case normalized
    }

    /// Creates an added token.
    public init(
        id: Int, content: String, singleWord: Bool = false, leftStrip: Bool = false,
        rightStrip: Bool = false, special: Bool = true, normalized: Bool? = nil
    ) {
        self.id = id
        self.content = content
        self.singleWord = singleWord
        self.leftStrip = leftStrip
        self.rightStrip = rightStrip
        self.special = special
        self.normalized = normalized ?? !special
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int.self, forKey: .id)
        content = try container.decode(String.self, forKey: .content)
        singleWord = try container.decodeIfPresent(Bool.self, forKey: .singleWord) ?? false
        leftStrip = try container.decodeIfPresent(Bool.self, forKey: .leftStrip) ?? false
        rightStrip = try container.decodeIfPresent(Bool.self, forKey: .rightStrip) ?? false
        special = try container.decodeIfPresent(Bool.self, forKey: .special) ?? false
        normalized = try container.decodeIfPresent(Bool.self, forKey: .normalized) ?? !special
    }
}
