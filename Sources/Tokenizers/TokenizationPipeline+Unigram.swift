import Foundation

/// Building the SentencePiece-style stages of a tokenizer.json: its normalisers and Unigram's pre-tokenisers.
extension TokenizationPipeline {
    /// The normaliser a tokenizer.json `normalizer` describes, or `nil` for none.
    ///
    /// - Parameters:
    ///   - definition: The `normalizer` block.
    ///   - path: Where the block is in the file, for error messages, e.g. `normalizer.normalizers[1]`.
    /// - Throws: ``TokenizerError/unsupportedComponent(component:type:file:)`` for a normaliser type this module
    ///   does not reproduce; ``TokenizerError/malformedJSON(file:detail:)`` for a missing or unusable field.
    static func normalization(
        _ definition: TokenizerDefinition.Normalizer?, path: String = "normalizer", file: URL
    ) throws -> TextNormalization? {
        guard let definition else { return nil }
        if definition.type == "BertNormalizer" {
            return .bert(
                BertNormalizer(
                    cleanText: definition.cleanText ?? true,
                    handleChineseCharacters: definition.handleChineseChars ?? true,
                    stripAccents: definition.stripAccents, lowercase: definition.lowercase ?? true))
        }
        return .steps(try normalizationSteps(definition, path: path, file: file))
    }

    private static func normalizationSteps(
        _ definition: TokenizerDefinition.Normalizer, path: String, file: URL
    ) throws -> [any NormalizationStep] {
        func missing(_ field: String) -> TokenizerError {
            .malformedJSON(file: file, detail: "\(definition.type) normalizer without \(path).\(field)")
        }
        switch definition.type {
        case "Sequence":
            guard let parts = definition.normalizers else { throw missing("normalizers") }
            var steps: [any NormalizationStep] = []
            for (index, part) in parts.enumerated() {
                steps += try normalizationSteps(part, path: "\(path).normalizers[\(index)]", file: file)
            }
            return steps
        case "Precompiled":
            guard let charsmap = definition.precompiledCharsmap else { throw missing("precompiled_charsmap") }
            do {
                return [try PrecompiledNormalizer(base64: charsmap)]
            } catch {
                throw TokenizerError.malformedJSON(file: file, detail: "\(path).precompiled_charsmap \(error)")
            }
        case "Replace":
            guard let pattern = definition.pattern else { throw missing("pattern") }
            guard let content = definition.content else { throw missing("content") }
            switch pattern {
            case .string(let string):
                // An empty literal matches nothing in `tokenizers`.
                return string.isEmpty ? [] : [ReplaceNormalizer(string: string, content: content)]
            case .regex(let regex):
                do {
                    return [try ReplaceNormalizer(regex: regex, content: content)]
                } catch {
                    throw TokenizerError.malformedJSON(
                        file: file,
                        detail: "\(path).pattern.Regex '\(regex)' is not a usable regular expression: \(error)")
                }
            }
        case "Strip":
            return [StripNormalizer(left: definition.stripLeft ?? true, right: definition.stripRight ?? true)]
        case "Lowercase":
            return [LowercaseNormalizer()]
        case "NFC", "NFD", "NFKC", "NFKD":
            return [UnicodeNormalizer(form: UnicodeNormalizer.Form(rawValue: definition.type) ?? .nfc)]
        default:
            throw TokenizerError.unsupportedComponent(
                component: path == "normalizer" ? "normalizer" : "normalizer (\(path))", type: definition.type,
                file: file)
        }
    }

    /// The pre-tokenisers a Unigram model is used with: `Metaspace`, `WhitespaceSplit`, `Punctuation`, or a
    /// `Sequence` of them.
    ///
    /// - Throws: ``TokenizerError/unsupportedComponent(component:type:file:)`` for other pre-tokenisers;
    ///   ``TokenizerError/malformedJSON(file:detail:)`` for an unknown `prepend_scheme` or a `replacement` that is
    ///   not one character.
    static func unigramPreTokenizers(
        _ definition: TokenizerDefinition.PreTokenizer?, path: String = "pre_tokenizer", file: URL
    ) throws -> [any PreTokenizationStep] {
        guard let definition else { return [] }
        switch definition.type {
        case "Sequence":
            guard let parts = definition.pretokenizers else {
                throw TokenizerError.malformedJSON(
                    file: file, detail: "Sequence pre-tokenizer without \(path).pretokenizers")
            }
            var steps: [any PreTokenizationStep] = []
            for (index, part) in parts.enumerated() {
                steps += try unigramPreTokenizers(part, path: "\(path).pretokenizers[\(index)]", file: file)
            }
            return steps
        case "WhitespaceSplit":
            return [WhitespaceSplitPreTokenizer()]
        case "Punctuation":
            let name = definition.behavior ?? SplitDelimiterBehavior.isolated.rawValue
            guard let behavior = SplitDelimiterBehavior(rawValue: name) else {
                throw TokenizerError.malformedJSON(
                    file: file,
                    detail: "\(path).behavior '\(name)' is not Removed, Isolated, MergedWithPrevious, MergedWithNext or"
                        + " Contiguous")
            }
            return [PunctuationPreTokenizer(behavior: behavior)]
        case "Metaspace":
            let replacement = definition.replacement ?? "\u{2581}"
            guard replacement.unicodeScalars.count == 1, let scalar = replacement.unicodeScalars.first else {
                throw TokenizerError.malformedJSON(
                    file: file, detail: "\(path).replacement '\(replacement)' must be exactly one character")
            }
            var scheme = MetaspacePreTokenizer.PrependScheme.always
            if let name = definition.prependScheme {
                guard let parsed = MetaspacePreTokenizer.PrependScheme(rawValue: name) else {
                    throw TokenizerError.malformedJSON(
                        file: file, detail: "\(path).prepend_scheme '\(name)' is not \"always\", \"first\" or \"never\""
                    )
                }
                scheme = parsed
            }
            // `add_prefix_space: false` (files before `prepend_scheme`) must agree with the scheme, whose default is
            // "always": `tokenizers` refuses the file otherwise.
            if definition.addPrefixSpace == false && scheme != .never {
                throw TokenizerError.malformedJSON(
                    file: file,
                    detail: "\(path).add_prefix_space false contradicts prepend_scheme '\(scheme.rawValue)'"
                        + (definition.prependScheme == nil ? " (the default)" : ""))
            }
            return [
                MetaspacePreTokenizer(
                    replacement: scalar, prependScheme: scheme, splitsOnReplacement: definition.split ?? true)
            ]
        default:
            throw TokenizerError.unsupportedComponent(
                component:
                    "pre-tokenizer for Unigram (\(path); supported: Metaspace, WhitespaceSplit, Punctuation, Sequence)",
                type: definition.type, file: file)
        }
    }

    /// The Unigram model of a tokenizer.json `model` block.
    static func unigramModel(_ definition: TokenizerDefinition.Model, file: URL) throws -> UnigramModel {
        guard let pieces = definition.pieces else {
            throw TokenizerError.malformedJSON(file: file, detail: "Unigram model without model.vocab")
        }
        return try UnigramModel(
            pieces: pieces.map { ($0.piece, $0.score) }, unknownID: definition.unkID,
            byteFallback: definition.byteFallback ?? false, file: file)
    }
}
