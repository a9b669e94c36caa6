/// A text tokenizer that keeps, for every token, the characters of the original text it came from.
///
/// Conforming types reproduce Hugging Face `tokenizers` exactly (ids, tokens and offsets) for the
/// configurations they load: ``WordPieceTokenizer`` (BERT, MiniLM, DistilBERT), ``ByteLevelBPETokenizer``
/// (RoBERTa, GPT-2) and ``UnigramTokenizer`` (XLM-RoBERTa, DeBERTa-v2/v3). Load one with
/// ``TokenizerLoader/load(directory:)``.
public protocol Tokenizer: Sendable {
    /// Token ids without special tokens and without truncation.
    func encode(_ text: String) -> Encoding
    /// HF-equivalent `tokenizer(text, truncation: maxLength != nil, max_length: maxLength)`:
    /// wraps with the model's special tokens; when maxLength is given, content is cut to fit.
    func encode(_ text: String, addSpecialTokens: Bool, maxLength: Int?) -> Encoding
    /// Wraps an already encoded slice (e.g. a window of a long document) with the special tokens.
    func addingSpecialTokens(to content: Encoding) -> Encoding
    /// Ids of the start, end, padding, unknown and mask tokens.
    var specialTokens: SpecialTokens { get }
    /// The number of ids the model's embedding must cover (largest id + 1).
    var vocabularySize: Int { get }
    /// The id of a vocabulary token, e.g. `"hello"` → 7592.
    func id(forToken: String) -> Int?
    /// The token string of an id, e.g. 7592 → `"hello"`.
    func token(forID: Int) -> String?
}

extension Tokenizer {
    /// The number of special tokens ``addingSpecialTokens(to:)`` adds around one sequence (2 for BERT and RoBERTa).
    public var specialTokenCount: Int { addingSpecialTokens(to: .empty).count }

    /// Encodes `text`, optionally wrapped in special tokens and truncated.
    ///
    /// Mirrors `tokenizer(text, add_special_tokens: addSpecialTokens, truncation: maxLength != nil,
    /// max_length: maxLength)`: the special tokens are kept and the content is cut to
    /// `maxLength - specialTokenCount` tokens.
    ///
    /// - Parameters:
    ///   - text: The original text; offsets refer to its Unicode scalars.
    ///   - addSpecialTokens: Whether to wrap the content, e.g. `[CLS] … [SEP]`.
    ///   - maxLength: The largest number of tokens returned, special tokens included; `nil` keeps everything.
    /// - Returns: The encoding, at most `maxLength` tokens long (unless `maxLength` is smaller than the
    ///   special tokens alone).
    public func encode(_ text: String, addSpecialTokens: Bool, maxLength: Int?) -> Encoding {
        var content = encode(text)
        if let maxLength {
            let budget = addSpecialTokens ? maxLength - specialTokenCount : maxLength
            content = content.prefix(budget)
        }
        return addSpecialTokens ? addingSpecialTokens(to: content) : content
    }
}
