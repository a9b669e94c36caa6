import Foundation

/// BERT's WordPiece tokenizer (BERT, MiniLM, DistilBERT), equivalent to Hugging Face `BertTokenizerFast`.
///
/// Stages: added tokens (`[MASK]` typed in the text), ``BertNormalizer``, BERT pre-tokenisation (whitespace and
/// punctuation), greedy longest-match WordPiece, then `[CLS] … [SEP]`. Load one from a model directory with
/// ``TokenizerLoader/load(directory:)``, or build one from an in-memory vocabulary with
/// ``init(vocabulary:lowercase:stripAccents:handleChineseCharacters:unknownToken:startToken:endToken:padToken:maskToken:maxInputCharactersPerWord:)``.
public struct WordPieceTokenizer: PipelineTokenizer {
    let pipeline: TokenizationPipeline
    public let specialTokens: SpecialTokens

    /// The normaliser options in use (`nil` when the tokenizer.json has no normaliser).
    public var normalizer: BertNormalizer? { pipeline.normalizer?.bert }

    /// Builds a tokenizer from an in-memory vocabulary, where a token's id is its index (as in `vocab.txt`).
    ///
    /// The special tokens are matched verbatim in input text, as `BertWordPieceTokenizer` does.
    ///
    /// - Parameters:
    ///   - vocabulary: Tokens in id order; must contain the special tokens.
    ///   - lowercase: Lower-case the text (uncased models).
    ///   - stripAccents: Strip accents; `nil` follows `lowercase`.
    ///   - handleChineseCharacters: Make each CJK ideograph its own word.
    ///   - unknownToken: The token for words that cannot be decomposed, `[UNK]`.
    ///   - startToken: The token that opens a sequence, `[CLS]`.
    ///   - endToken: The token that closes a sequence, `[SEP]`.
    ///   - padToken: The padding token, `[PAD]`.
    ///   - maskToken: The mask token, `[MASK]`; ignored when absent from the vocabulary.
    ///   - maxInputCharactersPerWord: Longer words become the unknown token (100).
    /// - Throws: ``TokenizerError/missingToken(role:token:file:)`` when a special token other than the mask is
    ///   missing; ``TokenizerError/malformedVocabulary(file:detail:)`` when the vocabulary is empty.
    public init(
        vocabulary: [String], lowercase: Bool = true, stripAccents: Bool? = nil,
        handleChineseCharacters: Bool = true, unknownToken: String = "[UNK]", startToken: String = "[CLS]",
        endToken: String = "[SEP]", padToken: String = "[PAD]", maskToken: String = "[MASK]",
        maxInputCharactersPerWord: Int = 100
    ) throws {
        try self.init(
            vocabulary: vocabulary, file: nil,
            normalizer: BertNormalizer(
                cleanText: true, handleChineseCharacters: handleChineseCharacters, stripAccents: stripAccents,
                lowercase: lowercase),
            names: .init(
                start: startToken, end: endToken, pad: padToken, unknown: unknownToken, mask: maskToken),
            maxInputCharactersPerWord: maxInputCharactersPerWord)
    }

    /// Builds the tokenizer `BertTokenizerFast` converts from a `vocab.txt` (ids are line indices).
    init(
        vocabulary tokens: [String], file: URL?, normalizer: BertNormalizer, names: SpecialTokenNames,
        maxInputCharactersPerWord: Int
    ) throws {
        guard !tokens.isEmpty else {
            throw TokenizerError.malformedVocabulary(file: file, detail: "the vocabulary is empty")
        }
        let entries = VocabularyEntries(tokens.enumerated().map { (token: $0.element, id: $0.offset) })
        let model = try WordPieceModel(
            vocabulary: entries, unknownToken: names.unknown, continuingSubwordPrefix: "##",
            maxInputCharactersPerWord: maxInputCharactersPerWord, file: file)
        let vocabulary = entries.exact
        func required(_ role: String, _ token: String) throws -> Int {
            guard let id = vocabulary[ExactString(token)] else {
                throw TokenizerError.missingToken(role: role, token: token, file: file)
            }
            return id
        }
        let start = try required("start", names.start)
        let end = try required("end", names.end)
        let pad = try required("padding", names.pad)
        let mask = names.mask.flatMap { vocabulary[ExactString($0)] }
        // BertConverter registers the special tokens as added tokens: unk, sep, pad, cls, mask.
        var added: [AddedToken] = []
        for (token, id) in [(names.unknown, model.unknownID), (names.end, end), (names.pad, pad), (names.start, start)]
        {
            added.append(AddedToken(id: id, content: token))
        }
        if let mask, let name = names.mask { added.append(AddedToken(id: mask, content: name)) }
        let pipeline = TokenizationPipeline(
            addedTokens: added, normalizer: .bert(normalizer), model: .wordPiece(model),
            postProcessor: PostProcessor(
                prefix: [.init(id: start, token: names.start)], suffix: [.init(id: end, token: names.end)],
                trimOffsets: false, addPrefixSpace: false))
        self.init(
            pipeline: pipeline,
            specialTokens: SpecialTokens(start: start, end: end, pad: pad, unknown: model.unknownID, mask: mask))
    }

    init(pipeline: TokenizationPipeline, specialTokens: SpecialTokens) {
        self.pipeline = pipeline
        self.specialTokens = specialTokens
    }
}
