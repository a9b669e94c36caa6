/// The parts of a Hugging Face `tokenizer.json` this module reads, as typed `Decodable` structs.
///
/// The `truncation` and `padding` blocks are deliberately not decoded: truncation is explicit
/// (``Tokenizer/encode(_:addSpecialTokens:maxLength:)``) and padding is the caller's business.
struct TokenizerDefinition: Decodable {
    /// Tokens matched verbatim before normalisation (`added_tokens`).
    var addedTokens: [AddedToken]
    /// `normalizer`, e.g. `BertNormalizer`; `null` for RoBERTa.
    var normalizer: Normalizer?
    /// `pre_tokenizer`, e.g. `BertPreTokenizer` or `ByteLevel`.
    var preTokenizer: PreTokenizer?
    /// `post_processor`, e.g. `TemplateProcessing` or `RobertaProcessing`.
    var postProcessor: PostProcessorDefinition?
    /// `model`: the vocabulary and its type.
    var model: Model

    enum CodingKeys: String, CodingKey {
        case addedTokens = "added_tokens"
        case normalizer
        case preTokenizer = "pre_tokenizer"
        case postProcessor = "post_processor"
        case model
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        addedTokens = try container.decodeIfPresent([AddedToken].self, forKey: .addedTokens) ?? []
        normalizer = try container.decodeIfPresent(Normalizer.self, forKey: .normalizer)
        preTokenizer = try container.decodeIfPresent(PreTokenizer.self, forKey: .preTokenizer)
        postProcessor = try container.decodeIfPresent(PostProcessorDefinition.self, forKey: .postProcessor)
        model = try container.decode(Model.self, forKey: .model)
    }

    /// `normalizer`: only `BertNormalizer` is supported; other types are reported by the loader.
    struct Normalizer: Decodable {
        /// `"BertNormalizer"`.
        var type: String
        /// `clean_text`, default `true`.
        var cleanText: Bool?
        /// `handle_chinese_chars`, default `true`.
        var handleChineseChars: Bool?
        /// `strip_accents`, `null` ⇒ follows `lowercase`.
        var stripAccents: Bool?
        /// `lowercase`, default `true`.
        var lowercase: Bool?

        enum CodingKeys: String, CodingKey {
            case type
            case cleanText = "clean_text"
            case handleChineseChars = "handle_chinese_chars"
            case stripAccents = "strip_accents"
            case lowercase
        }
    }

    /// `pre_tokenizer`: `BertPreTokenizer` or `ByteLevel`.
    struct PreTokenizer: Decodable {
        /// `"BertPreTokenizer"` or `"ByteLevel"`.
        var type: String
        /// ByteLevel `add_prefix_space` (RoBERTa: `false`).
        var addPrefixSpace: Bool?
        /// ByteLevel `use_regex`, default `true`.
        var useRegex: Bool?

        enum CodingKeys: String, CodingKey {
            case type
            case addPrefixSpace = "add_prefix_space"
            case useRegex = "use_regex"
        }
    }

    /// `model`: a `WordPiece` or `BPE` vocabulary.
    struct Model: Decodable {
        /// `"WordPiece"` or `"BPE"`; old files omit it.
        var type: String?
        /// Token → id, 30522 entries for BERT uncased.
        var vocab: [String: Int]
        /// `unk_token`: `"[UNK]"` (WordPiece) or usually `null` (byte-level BPE).
        var unkToken: String?
        /// WordPiece `continuing_subword_prefix`, `"##"`; BPE: usually `null`.
        var continuingSubwordPrefix: String?
        /// WordPiece `max_input_chars_per_word`, 100.
        var maxInputCharsPerWord: Int?
        /// BPE merges in rank order.
        var merges: [Merge]?
        /// BPE `end_of_word_suffix`, usually `null`.
        var endOfWordSuffix: String?
        /// BPE `dropout`, `null` at inference.
        var dropout: Double?
        /// BPE `ignore_merges`, default `false`.
        var ignoreMerges: Bool?
        /// BPE `byte_fallback`, default `false`.
        var byteFallback: Bool?

        enum CodingKeys: String, CodingKey {
            case type
            case vocab
            case unkToken = "unk_token"
            case continuingSubwordPrefix = "continuing_subword_prefix"
            case maxInputCharsPerWord = "max_input_chars_per_word"
            case merges
            case endOfWordSuffix = "end_of_word_suffix"
            case dropout
            case ignoreMerges = "ignore_merges"
            case byteFallback = "byte_fallback"
        }
    }

    /// One BPE merge, stored either as `"a b"` (older files) or as `["a", "b"]`.
    struct Merge: Decodable {
        var left: String
        var right: String

        init(left: String, right: String) {
            self.left = left
            self.right = right
        }

        init(from decoder: any Decoder) throws {
            if var pair = try? decoder.unkeyedContainer() {
                left = try pair.decode(String.self)
                right = try pair.decode(String.self)
                guard pair.isAtEnd else {
                    throw DecodingError.dataCorruptedError(
                        in: pair, debugDescription: "a merge must have exactly two parts")
                }
                return
            }
            let line = try decoder.singleValueContainer().decode(String.self)
            guard let pair = Self.split(line) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "merge '\(line)' is not two tokens"))
            }
            (left, right) = pair
        }

        /// Splits `"a b"` at its one space, by scalars (a space followed by a combining mark is one character).
        static func split(_ line: String) -> (String, String)? {
            let parts = line.unicodeScalars.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            return (String(String.UnicodeScalarView(parts[0])), String(String.UnicodeScalarView(parts[1])))
        }
    }
}
