/// The SentencePiece Unigram tokenizer of XLM-RoBERTa and DeBERTa-v2/v3, as Hugging Face `tokenizers` runs it
/// from a tokenizer.json.
///
/// Stages: added tokens (`<mask>`, `[MASK]`, ...), the normalisers (SentencePiece's `Precompiled` character
/// map, `Replace`, `Strip`, `Lowercase`, `NFC`, ... in order), the pre-tokenisers (`WhitespaceSplit`,
/// `Metaspace` with its `▁` and prepend scheme), Viterbi segmentation over the scored pieces (unknown characters
/// fused into one unknown token, or `<0xNN>` byte pieces with `byte_fallback`), then the template's special
/// tokens (`<s> … </s>` or `[CLS] … [SEP]`). Offsets are always ranges of the original text, however the
/// normalisers rewrote it. Load one with ``TokenizerLoader/load(directory:)``.
public struct UnigramTokenizer: PipelineTokenizer {
    let pipeline: TokenizationPipeline
    public let specialTokens: SpecialTokens
}
