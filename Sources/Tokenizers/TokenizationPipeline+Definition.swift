import Foundation

extension TokenizationPipeline {
    /// Builds the pipeline a tokenizer.json describes.
    ///
    /// - Throws: ``TokenizerError/unsupportedModel(type:file:)`` for models other than WordPiece, BPE and Unigram;
    ///   ``TokenizerError/unsupportedComponent(component:type:file:)`` for a normaliser, pre-tokeniser,
    ///   post-processor or model option this module does not reproduce; vocabulary and merge errors.
    init(definition: TokenizerDefinition, file: URL) throws {
        let normalizer = try Self.normalization(definition.normalizer, file: file)

        let definedModel = definition.model
        let modelType = definedModel.type ?? (definedModel.merges != nil ? "BPE" : "WordPiece")
        let preTokenizerType = definition.preTokenizer?.type ?? "null"
        let model: Model
        switch modelType {
        case "WordPiece":
            guard preTokenizerType == "BertPreTokenizer" else {
                throw TokenizerError.unsupportedComponent(
                    component: "pre-tokenizer for WordPiece", type: preTokenizerType, file: file)
            }
            model = .wordPiece(
                try WordPieceModel(
                    vocabulary: definedModel.scannedVocabulary.map(VocabularyEntries.init)
                        ?? exactVocabulary(definedModel.vocab, file: file),
                    unknownToken: definedModel.unkToken ?? "[UNK]",
                    continuingSubwordPrefix: definedModel.continuingSubwordPrefix ?? "##",
                    maxInputCharactersPerWord: definedModel.maxInputCharsPerWord ?? 100, file: file))
        case "BPE":
            guard preTokenizerType == "ByteLevel", definition.preTokenizer?.useRegex ?? true else {
                throw TokenizerError.unsupportedComponent(
                    component: "pre-tokenizer for BPE (only ByteLevel with use_regex)", type: preTokenizerType,
                    file: file)
            }
            if let dropout = definedModel.dropout, dropout > 0 {
                throw TokenizerError.unsupportedComponent(
                    component: "BPE option", type: "dropout \(dropout)", file: file)
            }
            for (name, value) in [
                ("continuing_subword_prefix", definedModel.continuingSubwordPrefix),
                ("end_of_word_suffix", definedModel.endOfWordSuffix),
            ] {
                if let value, !value.isEmpty {
                    throw TokenizerError.unsupportedComponent(
                        component: "BPE option", type: "\(name) '\(value)'", file: file)
                }
            }
            if definedModel.byteFallback == true {
                throw TokenizerError.unsupportedComponent(component: "BPE option", type: "byte_fallback", file: file)
            }
            let vocabulary =
                definedModel.scannedVocabulary.map { entries in
                    Dictionary(entries.lazy.map { ($0.token, $0.id) }, uniquingKeysWith: { $1 })
                } ?? definedModel.vocab
            let bpe = try BPEModel(
                vocabulary: vocabulary, merges: (definedModel.merges ?? []).map { ($0.left, $0.right) },
                unknownToken: definedModel.unkToken, ignoreMerges: definedModel.ignoreMerges ?? false, file: file)
            let preTokenizer = ByteLevelPreTokenizer(addPrefixSpace: definition.preTokenizer?.addPrefixSpace ?? true)
            model = .byteLevelBPE(bpe, preTokenizer)
        case "Unigram":
            model = .unigram(
                try Self.unigramModel(definedModel, file: file),
                try Self.unigramPreTokenizers(definition.preTokenizer, file: file))
        default:
            throw TokenizerError.unsupportedModel(type: modelType, file: file)
        }

        for token in definition.addedTokens where !(0...largestTokenID).contains(token.id) {
            throw TokenizerError.malformedJSON(
                file: file, detail: "added token '\(token.content)' has id \(token.id), outside 0...\(largestTokenID)")
        }
        self.init(
            addedTokens: definition.addedTokens, normalizer: normalizer, model: model,
            postProcessor: try PostProcessor(definition: definition.postProcessor, file: file))
    }
}

/// The vocabulary of a tokenizer.json with exact spellings.
///
/// `JSONDecoder` merges canonically equivalent keys; when the decoded vocabulary has fewer entries than its
/// largest id + 1, the file is scanned again with ``VocabularyScanner`` so every spelling keeps its id.
func exactVocabulary(_ decoded: [String: Int], file: URL) throws -> VocabularyEntries {
    let entries = decoded.map { (token: $0.key, id: $0.value) }
    guard let largest = decoded.values.max(), largest >= decoded.count else { return VocabularyEntries(entries) }
    let data: Data
    do {
        data = try Data(contentsOf: file)
    } catch {
        throw TokenizerError.unreadableFile(file, reason: error.localizedDescription)
    }
    var scanner = VocabularyScanner(data: data, file: file)
    return VocabularyEntries(try scanner.modelVocabulary())
}

extension PostProcessor {
    /// The single-sequence behaviour of a tokenizer.json `post_processor`.
    init(definition: PostProcessorDefinition?, file: URL) throws {
        guard let definition else {
            self = .none
            return
        }
        func pair(_ value: PostProcessorDefinition.TokenAndID?, _ name: String) throws -> Token {
            guard let value else {
                throw TokenizerError.malformedJSON(file: file, detail: "\(definition.type) without '\(name)'")
            }
            return Token(id: value.id, token: value.token)
        }
        switch definition.type {
        case "BertProcessing":
            self.init(
                prefix: [try pair(definition.cls, "cls")], suffix: [try pair(definition.sep, "sep")],
                trimOffsets: false, addPrefixSpace: false)
        case "RobertaProcessing":
            self.init(
                prefix: [try pair(definition.cls, "cls")], suffix: [try pair(definition.sep, "sep")],
                trimOffsets: definition.trimOffsets ?? true, addPrefixSpace: definition.addPrefixSpace ?? true)
        case "Sequence":
            // The usual pair is ByteLevel (offset trimming) then TemplateProcessing (special tokens).
            var combined = PostProcessor.none
            for part in definition.processors ?? [] {
                let processor = try PostProcessor(definition: part, file: file)
                combined.prefix += processor.prefix
                combined.suffix += processor.suffix
                if processor.trimOffsets {
                    combined.trimOffsets = true
                    combined.addPrefixSpace = processor.addPrefixSpace
                }
            }
            self = combined
        case "ByteLevel":
            self.init(
                prefix: [], suffix: [], trimOffsets: definition.trimOffsets ?? true,
                addPrefixSpace: definition.addPrefixSpace ?? true)
        case "TemplateProcessing":
            guard let template = definition.single else {
                throw TokenizerError.malformedJSON(file: file, detail: "TemplateProcessing without 'single'")
            }
            var prefix: [Token] = []
            var suffix: [Token] = []
            var seenSequence = false
            for piece in template {
                switch piece {
                case .sequence:
                    guard !seenSequence else {
                        throw TokenizerError.unsupportedComponent(
                            component: "post-processor", type: "TemplateProcessing with two sequences in 'single'",
                            file: file)
                    }
                    seenSequence = true
                case .specialToken(let name):
                    guard let special = definition.specialTokens?[name], special.ids.count == special.tokens.count
                    else {
                        throw TokenizerError.malformedJSON(
                            file: file, detail: "template special token '\(name)' is not in 'special_tokens'")
                    }
                    let tokens = zip(special.ids, special.tokens).map { Token(id: $0, token: $1) }
                    if seenSequence { suffix += tokens } else { prefix += tokens }
                }
            }
            self.init(prefix: prefix, suffix: suffix, trimOffsets: false, addPrefixSpace: false)
        default:
            throw TokenizerError.unsupportedComponent(component: "post-processor", type: definition.type, file: file)
        }
    }
}
