/// The stages of one tokenizer.json, run in Hugging Face's order: added tokens, normaliser, pre-tokeniser,
/// model, post-processor.
struct TokenizationPipeline: Sendable {
    /// The model with the pre-tokeniser it is used with.
    enum Model: Sendable {
        /// WordPiece after `BertPreTokenizer`.
        case wordPiece(WordPieceModel)
        /// BPE after the byte-level pre-tokeniser.
        case byteLevelBPE(BPEModel, ByteLevelPreTokenizer)
        /// Unigram after its pre-tokenisers (`Metaspace`, `WhitespaceSplit`), run in order.
        case unigram(UnigramModel, [any PreTokenizationStep])
    }

    let addedTokens: [AddedToken]
    let normalizer: TextNormalization?
    let model: Model
    let postProcessor: PostProcessor
    /// Added tokens matched in the original text (`normalized: false`).
    private let splitter: AddedTokenSplitter
    /// Added tokens matched in the normalised text (`normalized: true`), with normalised contents.
    private let normalizedSplitter: AddedTokenSplitter?
    /// Added tokens by content and by id, for vocabulary look-ups.
    private let addedByContent: [String: Int]
    private let addedByID: [Int: String]

    init(addedTokens: [AddedToken], normalizer: TextNormalization?, model: Model, postProcessor: PostProcessor) {
        self.addedTokens = addedTokens
        self.normalizer = normalizer
        self.model = model
        self.postProcessor = postProcessor
        self.splitter = AddedTokenSplitter(tokens: addedTokens.filter { !$0.normalized })
        let normalizedTokens = addedTokens.filter(\.normalized).map { token in
            var normalizedToken = token
            if let normalizer {
                let scalars = Array(token.content.unicodeScalars)
                let normalizedContent = normalizer.normalize(scalars, range: 0..<scalars.count)
                normalizedToken.content = normalizedContent.string(0..<normalizedContent.count)
            }
            return normalizedToken
        }
        self.normalizedSplitter = normalizedTokens.isEmpty ? nil : AddedTokenSplitter(tokens: normalizedTokens)
        var byContent: [String: Int] = [:]
        var byID: [Int: String] = [:]
        for token in addedTokens {
            byContent[token.content] = token.id
            byID[token.id] = token.content
        }
        self.addedByContent = byContent
        self.addedByID = byID
    }

    /// Tokens without special tokens, trimmed as the post-processor would.
    func encode(_ text: String) -> Encoding {
        let scalars = Array(text.unicodeScalars)
        var encoding = Encoding.empty
        encoding.ids.reserveCapacity(scalars.count / 3)
        for piece in splitter.split(scalars) {
            switch piece {
            case .token(let token, let range):
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[range])
                encoding.append(id: token.id, token: String(view), offsets: range)
            case .text(let range):
                let normalized =
                    normalizer?.normalize(scalars, range: range)
                    ?? NormalizedText(identityOf: scalars, range: range)
                guard let normalizedSplitter else {
                    // `extract_and_normalize` slices the normalised piece again: it starts where its first scalar
                    // came from.
                    tokenize(
                        normalized, originalStart: normalized.originalRange(of: 0..<normalized.count).lowerBound,
                        into: &encoding)
                    continue
                }
                // Second pass, as `AddedVocabulary::extract_and_normalize`: normalised added tokens.
                for part in normalizedSplitter.split(normalized.scalars) {
                    switch part {
                    case .token(let token, let partRange):
                        encoding.append(
                            id: token.id, token: normalized.string(partRange),
                            offsets: normalized.originalRange(of: partRange))
                    case .text(let partRange):
                        tokenize(
                            NormalizedText(
                                scalars: Array(normalized.scalars[partRange]),
                                origins: Array(normalized.origins[partRange])),
                            originalStart: normalized.originalRange(of: partRange).lowerBound, into: &encoding)
                    }
                }
            }
        }
        postProcessor.trim(&encoding)
        return encoding
    }

    /// Pre-tokenises and tokenises one normalised piece that starts at `originalStart` in the original text.
    private func tokenize(_ text: NormalizedText, originalStart: Int, into encoding: inout Encoding) {
        switch model {
        case .wordPiece(let wordPiece):
            for word in BertPreTokenizer.split(text) {
                wordPiece.tokenize(word: word, of: text, into: &encoding)
            }
        case .byteLevelBPE(let bpe, let preTokenizer):
            let prepared = preTokenizer.prepared(text)
            var bytes: [UInt8] = []
            var origins: [Range<Int>] = []
            for word in ByteLevelPreTokenizer.split(prepared) {
                bytes.removeAll(keepingCapacity: true)
                origins.removeAll(keepingCapacity: true)
                for index in word {
                    let scalar = prepared.scalars[index]
                    let origin = prepared.origins[index]
                    if scalar.isASCII {
                        bytes.append(UInt8(scalar.value))
                        origins.append(origin)
                    } else {
                        for byte in String(scalar).utf8 {
                            bytes.append(byte)
                            origins.append(origin)
                        }
                    }
                }
                bpe.tokenize(bytes: bytes, origins: origins, into: &encoding)
            }
        case .unigram(let unigram, let preTokenizers):
            var lattice = UnigramModel.Lattice()
            for split in preTokenizers.splits(of: TextSplit(text: text, originalStart: originalStart)) {
                unigram.tokenize(split.text, lattice: &lattice, into: &encoding)
            }
        }
    }

    var vocabularySize: Int {
        let modelSize: Int
        switch model {
        case .wordPiece(let wordPiece): modelSize = wordPiece.tokensByID.count
        case .byteLevelBPE(let bpe, _): modelSize = bpe.tokensByID.count
        case .unigram(let unigram, _): modelSize = unigram.tokensByID.count
        }
        return max(modelSize, (addedByID.keys.max() ?? -1) + 1)
    }

    func id(forToken token: String) -> Int? {
        if let id = addedByContent[token] { return id }
        switch model {
        case .wordPiece(let wordPiece): return wordPiece.vocabulary[token]
        case .byteLevelBPE(let bpe, _): return bpe.vocabulary[token]
        case .unigram(let unigram, _): return unigram.vocabulary[token]
        }
    }

    func token(forID id: Int) -> String? {
        if let token = addedByID[id] { return token }
        let table: [String]
        switch model {
        case .wordPiece(let wordPiece): table = wordPiece.tokensByID
        case .byteLevelBPE(let bpe, _): table = bpe.tokensByID
        case .unigram(let unigram, _): table = unigram.tokensByID
        }
        guard id >= 0 && id < table.count, !table[id].isEmpty else { return nil }
        return table[id]
    }
}
