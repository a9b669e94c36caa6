/// The names of the special tokens a tokenizer family uses, before they are resolved to ids.
struct SpecialTokenNames: Sendable {
    var start: String
    var end: String
    var pad: String
    var unknown: String
    var mask: String?

    /// BERT: `[CLS]`, `[SEP]`, `[PAD]`, `[UNK]`, `[MASK]`.
    static let bert = SpecialTokenNames(start: "[CLS]", end: "[SEP]", pad: "[PAD]", unknown: "[UNK]", mask: "[MASK]")
    /// RoBERTa: `<s>`, `</s>`, `<pad>`, `<unk>`, `<mask>`.
    static let roberta = SpecialTokenNames(start: "<s>", end: "</s>", pad: "<pad>", unknown: "<unk>", mask: "<mask>")

    /// These names with the ones a tokenizer_config.json / special_tokens_map.json gives.
    func overridden(by configuration: TokenizerConfiguration) -> SpecialTokenNames {
        SpecialTokenNames(
            start: (configuration.clsToken ?? configuration.bosToken)?.content ?? start,
            end: (configuration.sepToken ?? configuration.eosToken)?.content ?? end,
            pad: configuration.padToken?.content ?? pad,
            unknown: configuration.unkToken?.content ?? unknown,
            mask: configuration.maskToken?.content ?? mask)
    }
}
