/// `post_processor` of a tokenizer.json: `TemplateProcessing`, `BertProcessing`, `RobertaProcessing`,
/// `ByteLevel`, or a `Sequence` of them.
struct PostProcessorDefinition: Decodable {
    /// The processor type, e.g. `"TemplateProcessing"`.
    var type: String
    /// Bert/RobertaProcessing `cls`: `["[CLS]", 101]` or `["<s>", 0]`.
    var cls: TokenAndID?
    /// Bert/RobertaProcessing `sep`: `["[SEP]", 102]` or `["</s>", 2]`.
    var sep: TokenAndID?
    /// Roberta/ByteLevel `trim_offsets`, default `true`.
    var trimOffsets: Bool?
    /// Roberta/ByteLevel `add_prefix_space`, default `true`.
    var addPrefixSpace: Bool?
    /// TemplateProcessing `single`, e.g. `[CLS] $A [SEP]`.
    var single: [TemplatePiece]?
    /// TemplateProcessing `special_tokens`: name → ids and tokens.
    var specialTokens: [String: TemplateSpecialToken]?
    /// Sequence `processors`, e.g. `[ByteLevel, TemplateProcessing]`.
    var processors: [PostProcessorDefinition]?

    enum CodingKeys: String, CodingKey {
        case type
        case cls
        case sep
        case trimOffsets = "trim_offsets"
        case addPrefixSpace = "add_prefix_space"
        case single
        case specialTokens = "special_tokens"
        case processors
    }

    /// A `[token, id]` pair.
    struct TokenAndID: Decodable {
        var token: String
        var id: Int

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            token = try container.decode(String.self)
            id = try container.decode(Int.self)
        }
    }

    /// One piece of a template: `{"SpecialToken": {"id": "[CLS]", ...}}` or `{"Sequence": {"id": "A", ...}}`.
    enum TemplatePiece: Decodable {
        case specialToken(name: String)
        case sequence(name: String)

        private enum CodingKeys: String, CodingKey {
            case specialToken = "SpecialToken"
            case sequence = "Sequence"
        }

        private struct Body: Decodable {
            var id: String
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let body = try container.decodeIfPresent(Body.self, forKey: .specialToken) {
                self = .specialToken(name: body.id)
            } else if let body = try container.decodeIfPresent(Body.self, forKey: .sequence) {
                self = .sequence(name: body.id)
            } else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "a template piece must be a SpecialToken or a Sequence"))
            }
        }
    }

    /// A TemplateProcessing special token: `{"id": "[CLS]", "ids": [101], "tokens": ["[CLS]"]}`.
    struct TemplateSpecialToken: Decodable {
        var id: String
        var ids: [Int]
        var tokens: [String]
    }
}
