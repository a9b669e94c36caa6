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

    /// `normalizer`: `BertNormalizer`, or the SentencePiece-style ones (`Sequence`, `Precompiled`, `Replace`,
    /// `Strip`, `Lowercase`, `NFC`, ...); other types are reported by the loader.
    struct Normalizer: Decodable {
        /// `"BertNormalizer"`, `"Sequence"`, `"Precompiled"`, ...
        var type: String
        /// `clean_text`, default `true`.
        var cleanText: Bool?
        /// `handle_chinese_chars`, default `true`.
        var handleChineseChars: Bool?
        /// `strip_accents`, `null` ⇒ follows `lowercase`.
        var stripAccents: Bool?
        /// `lowercase`, default `true`.
        var lowercase: Bool?
        /// Sequence `normalizers`, applied in order.
        var normalizers: [Normalizer]?
        /// Precompiled `precompiled_charsmap`: SentencePiece's compiled rules, base64.
        var precompiledCharsmap: String?
        /// Replace `pattern`: `{"String": "``"}` or `{"Regex": " {2,}"}`.
        var pattern: ReplacePattern?
        /// Replace `content`, e.g. `"▁"`.
        var content: String?
        /// Strip `strip_left`.
        var stripLeft: Bool?
        /// Strip `strip_right`.
        var stripRight: Bool?

        enum CodingKeys: String, CodingKey {
            case type
            case cleanText = "clean_text"
            case handleChineseChars = "handle_chinese_chars"
            case stripAccents = "strip_accents"
            case lowercase
            case normalizers
            case precompiledCharsmap = "precompiled_charsmap"
            case pattern
            case content
            case stripLeft = "strip_left"
            case stripRight = "strip_right"
        }
    }

    /// A `Replace` (or `Split`) pattern.
    enum ReplacePattern: Decodable {
        case string(String)
        case regex(String)

        private enum CodingKeys: String, CodingKey {
            case string = "String"
            case regex = "Regex"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let string = try container.decodeIfPresent(String.self, forKey: .string) {
                self = .string(string)
            } else if let regex = try container.decodeIfPresent(String.self, forKey: .regex) {
                self = .regex(regex)
            } else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "a pattern must be a String or a Regex"))
            }
        }
    }

    /// `pre_tokenizer`: `BertPreTokenizer`, `ByteLevel`, or for Unigram `Metaspace`, `WhitespaceSplit` and
    /// `Sequence`.
    struct PreTokenizer: Decodable {
        /// `"BertPreTokenizer"`, `"ByteLevel"`, `"Metaspace"`, ...
        var type: String
        /// ByteLevel `add_prefix_space` (RoBERTa: `false`); Metaspace files before `prepend_scheme`.
        var addPrefixSpace: Bool?
        /// ByteLevel `use_regex`, default `true`.
        var useRegex: Bool?
        /// Sequence `pretokenizers`, run in order.
        var pretokenizers: [PreTokenizer]?
        /// Metaspace `replacement`, `"▁"`.
        var replacement: String?
        /// Metaspace `prepend_scheme`: `"always"` (default), `"first"` or `"never"`.
        var prependScheme: String?
        /// Metaspace `split`, default `true`.
        var split: Bool?
        /// Punctuation `behavior`, e.g. `"Isolated"` (the default).
        var behavior: String?

        enum CodingKeys: String, CodingKey {
            case type
            case addPrefixSpace = "add_prefix_space"
            case useRegex = "use_regex"
            case pretokenizers
            case replacement
            case prependScheme = "prepend_scheme"
            case split
            case behavior
        }
    }

    /// `model`: a `WordPiece`, `BPE` or `Unigram` vocabulary.
    struct Model: Decodable {
        /// `"WordPiece"`, `"BPE"` or `"Unigram"`; old files omit it.
        var type: String?
        /// Token → id, 30522 entries for BERT uncased (empty for Unigram).
        var vocab: [String: Int]
        /// Unigram `vocab`: `[piece, score]` pairs in id order.
        var pieces: [UnigramPiece]?
        /// Unigram `unk_id`, e.g. 3 for XLM-R.
        var unkID: Int?
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
        /// The WordPiece or BPE vocabulary as ``VocabularySplit`` read it (exact spellings, file order), when the
        /// loader decoded the rest of the document without it; `vocab` is then empty.
        var scannedVocabulary: [(token: String, id: Int)]? = nil

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
            case unkID = "unk_id"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            type = try container.decodeIfPresent(String.self, forKey: .type)
            if type == "Unigram" {
                vocab = [:]
                pieces = try container.decode([UnigramPiece].self, forKey: .vocab)
            } else {
                vocab = try container.decode([String: Int].self, forKey: .vocab)
            }
            unkID = try container.decodeIfPresent(Int.self, forKey: .unkID)
            unkToken = try container.decodeIfPresent(String.self, forKey: .unkToken)
            continuingSubwordPrefix = try container.decodeIfPresent(String.self, forKey: .continuingSubwordPrefix)
            maxInputCharsPerWord = try container.decodeIfPresent(Int.self, forKey: .maxInputCharsPerWord)
            merges = try container.decodeIfPresent([Merge].self, forKey: .merges)
            endOfWordSuffix = try container.decodeIfPresent(String.self, forKey: .endOfWordSuffix)
            dropout = try container.decodeIfPresent(Double.self, forKey: .dropout)
            ignoreMerges = try container.decodeIfPresent(Bool.self, forKey: .ignoreMerges)
            byteFallback = try container.decodeIfPresent(Bool.self, forKey: .byteFallback)
        }
    }

    /// One Unigram piece: `["▁the", -3.21]`.
    struct UnigramPiece: Decodable {
        var piece: String
        var score: Double

        init(from decoder: any Decoder) throws {
            var pair = try decoder.unkeyedContainer()
            piece = try pair.decode(String.self)
            score = try pair.decode(Double.self)
            guard pair.isAtEnd else {
                throw DecodingError.dataCorruptedError(
                    in: pair, debugDescription: "a Unigram piece must be [piece, score]")
            }
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
