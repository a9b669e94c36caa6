/// The ids of a model's special tokens.
///
/// BERT-family tokenizers use `[CLS]`/`[SEP]`/`[PAD]`/`[UNK]`/`[MASK]`; RoBERTa-family ones
/// `<s>`/`</s>`/`<pad>`/`<unk>`/`<mask>`.
public struct SpecialTokens: Sendable, Equatable {
    /// The token that opens a sequence: `[CLS]` (101 in BERT uncased) or `<s>` (0 in RoBERTa).
    public var start: Int
    /// The token that closes a sequence: `[SEP]` (102) or `</s>` (2).
    public var end: Int
    /// The padding token: `[PAD]` (0) or `<pad>` (1).
    public var pad: Int
    /// The unknown token: `[UNK]` (100) or `<unk>` (3).
    public var unknown: Int
    /// The mask token, `[MASK]` (103) or `<mask>` (50264), when the vocabulary has one.
    public var mask: Int?

    /// Creates the set of special-token ids.
    public init(start: Int, end: Int, pad: Int, unknown: Int, mask: Int?) {
        self.start = start
        self.end = end
        self.pad = pad
        self.unknown = unknown
        self.mask = mask
    }

    /// All special ids, e.g. to exclude them from attributions.
    public var all: Set<Int> {
        var ids: Set<Int> = [start, end, pad, unknown]
        if let mask { ids.insert(mask) }
        return ids
    }
}
