import Foundation

/// The byte-level BPE tokenizer of RoBERTa and GPT-2, equivalent to Hugging Face `RobertaTokenizerFast`.
///
/// Stages: added tokens (`<mask>` with its left strip), the GPT-2 pre-tokeniser regex over an optional prefix
/// space, bytes mapped to printable characters, BPE merges by rank, then `<s> … </s>` with the offsets of
/// space-carrying tokens trimmed (`trim_offsets`). Offsets of a token that covers part of a multi-byte
/// character are the whole character, as in Hugging Face.
public struct ByteLevelBPETokenizer: PipelineTokenizer {
    let pipeline: TokenizationPipeline
    public let specialTokens: SpecialTokens

    /// Whether a space is prepended to text that does not start with one.
    public var addsPrefixSpace: Bool {
        if case .byteLevelBPE(_, let preTokenizer) = pipeline.model { return preTokenizer.addPrefixSpace }
        return false
    }

    /// Builds a RoBERTa-style tokenizer from a vocabulary (`vocab.json`) and ranked merges (`merges.txt`).
    ///
    /// `<s>`, `</s>`, `<pad>`, `<unk>` and `<mask>` (left-stripping, as RoBERTa's) are matched verbatim in
    /// input text when the vocabulary has them.
    ///
    /// - Parameters:
    ///   - vocabulary: Token → id, tokens spelled in the byte-level alphabet (`Ġworld`).
    ///   - merges: Merges in rank order, e.g. `[("Ġ", "t"), ("h", "e")]`.
    ///   - addPrefixSpace: Prepend a space to text not starting with one (RoBERTa: `false`).
    ///   - trimOffsets: Leave the spaces a token carries out of its offsets (RoBERTa: `true`).
    /// - Throws: ``TokenizerError`` when a merge or a special token is not in the vocabulary.
    public init(
        vocabulary: [String: Int], merges: [(String, String)], addPrefixSpace: Bool = false,
        trimOffsets: Bool = true
    ) throws {
        try self.init(
            vocabulary: vocabulary, merges: merges, addPrefixSpace: addPrefixSpace, trimOffsets: trimOffsets,
            names: .roberta, file: nil)
    }

    init(
        vocabulary: [String: Int], merges: [(String, String)], addPrefixSpace: Bool, trimOffsets: Bool,
        names: SpecialTokenNames, file: URL?
    ) throws {
        let model = try BPEModel(
            vocabulary: vocabulary, merges: merges, unknownToken: nil, ignoreMerges: false, file: file)
        func required(_ role: String, _ token: String) throws -> Int {
            guard let id = vocabulary[token] else {
                throw TokenizerError.missingToken(role: role, token: token, file: file)
            }
            return id
        }
        let start = try required("start", names.start)
        let end = try required("end", names.end)
        let pad = try required("padding", names.pad)
        let unknown = try required("unknown", names.unknown)
        let mask = names.mask.flatMap { vocabulary[$0] }
        var added = [
            AddedToken(id: start, content: names.start), AddedToken(id: pad, content: names.pad),
            AddedToken(id: end, content: names.end), AddedToken(id: unknown, content: names.unknown),
        ]
        if let mask, let name = names.mask { added.append(AddedToken(id: mask, content: name, leftStrip: true)) }
        let pipeline = TokenizationPipeline(
            addedTokens: added, normalizer: nil,
            model: .byteLevelBPE(model, ByteLevelPreTokenizer(addPrefixSpace: addPrefixSpace)),
            postProcessor: PostProcessor(
                prefix: [.init(id: start, token: names.start)], suffix: [.init(id: end, token: names.end)],
                trimOffsets: trimOffsets, addPrefixSpace: addPrefixSpace))
        self.init(
            pipeline: pipeline,
            specialTokens: SpecialTokens(start: start, end: end, pad: pad, unknown: unknown, mask: mask))
    }

    init(pipeline: TokenizationPipeline, specialTokens: SpecialTokens) {
        self.pipeline = pipeline
        self.specialTokens = specialTokens
    }
}
