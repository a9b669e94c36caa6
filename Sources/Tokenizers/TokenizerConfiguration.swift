/// The parts of `tokenizer_config.json` and `special_tokens_map.json` this module reads.
///
/// Used for the special-token names, and, when there is no tokenizer.json, for the normaliser options of a
/// `vocab.txt` WordPiece vocabulary or the prefix-space option of a `vocab.json` + `merges.txt` BPE.
struct TokenizerConfiguration: Decodable {
    /// `do_lower_case` (BERT uncased: `true`).
    var doLowerCase: Bool?
    /// `strip_accents`, `null` ⇒ follows `do_lower_case`.
    var stripAccents: Bool?
    /// `tokenize_chinese_chars`, default `true`.
    var tokenizeChineseChars: Bool?
    /// `add_prefix_space` of byte-level BPE tokenizers (RoBERTa: `false`).
    var addPrefixSpace: Bool?
    /// `trim_offsets` of byte-level BPE tokenizers (default `true`).
    var trimOffsets: Bool?
    /// `cls_token` / `bos_token`, e.g. `"[CLS]"`.
    var clsToken: TokenName?
    var bosToken: TokenName?
    /// `sep_token` / `eos_token`, e.g. `"[SEP]"`.
    var sepToken: TokenName?
    var eosToken: TokenName?
    /// `pad_token`, e.g. `"[PAD]"`.
    var padToken: TokenName?
    /// `unk_token`, e.g. `"[UNK]"`.
    var unkToken: TokenName?
    /// `mask_token`, e.g. `"[MASK]"`; RoBERTa's is `{"content": "<mask>", "lstrip": true, ...}`.
    var maskToken: TokenName?

    enum CodingKeys: String, CodingKey {
        case doLowerCase = "do_lower_case"
        case stripAccents = "strip_accents"
        case tokenizeChineseChars = "tokenize_chinese_chars"
        case addPrefixSpace = "add_prefix_space"
        case trimOffsets = "trim_offsets"
        case clsToken = "cls_token"
        case bosToken = "bos_token"
        case sepToken = "sep_token"
        case eosToken = "eos_token"
        case padToken = "pad_token"
        case unkToken = "unk_token"
        case maskToken = "mask_token"
    }

    /// An empty configuration (every field absent).
    init() {}

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func lenient<T: Decodable>(_ type: T.Type, _ key: CodingKeys) -> T? {
            // Fields of other tokenizer families may have other shapes; an unusable one counts as absent.
            (try? container.decodeIfPresent(type, forKey: key)) ?? nil
        }
        doLowerCase = lenient(Bool.self, .doLowerCase)
        stripAccents = lenient(Bool.self, .stripAccents)
        tokenizeChineseChars = lenient(Bool.self, .tokenizeChineseChars)
        addPrefixSpace = lenient(Bool.self, .addPrefixSpace)
        trimOffsets = lenient(Bool.self, .trimOffsets)
        clsToken = lenient(TokenName.self, .clsToken)
        bosToken = lenient(TokenName.self, .bosToken)
        sepToken = lenient(TokenName.self, .sepToken)
        eosToken = lenient(TokenName.self, .eosToken)
        padToken = lenient(TokenName.self, .padToken)
        unkToken = lenient(TokenName.self, .unkToken)
        maskToken = lenient(TokenName.self, .maskToken)
    }

    /// Fields of `other` fill the ones missing here.
    func filling(from other: TokenizerConfiguration) -> TokenizerConfiguration {
        var result = self
        result.doLowerCase = doLowerCase ?? other.doLowerCase
        result.stripAccents = stripAccents ?? other.stripAccents
        result.tokenizeChineseChars = tokenizeChineseChars ?? other.tokenizeChineseChars
        result.addPrefixSpace = addPrefixSpace ?? other.addPrefixSpace
        result.trimOffsets = trimOffsets ?? other.trimOffsets
        result.clsToken = clsToken ?? other.clsToken
        result.bosToken = bosToken ?? other.bosToken
        result.sepToken = sepToken ?? other.sepToken
        result.eosToken = eosToken ?? other.eosToken
        result.padToken = padToken ?? other.padToken
        result.unkToken = unkToken ?? other.unkToken
        result.maskToken = maskToken ?? other.maskToken
        return result
    }

    /// A token given as a plain string or as an `AddedToken` object with `content`.
    struct TokenName: Decodable {
        var content: String

        private enum CodingKeys: String, CodingKey {
            case content
        }

        init(from decoder: any Decoder) throws {
            if let plain = try? decoder.singleValueContainer().decode(String.self) {
                content = plain
            } else {
                content = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .content)
            }
        }
    }
}
