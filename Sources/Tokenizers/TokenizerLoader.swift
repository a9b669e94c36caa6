import Foundation

/// Loads the tokenizer of a Hugging Face model directory.
public enum TokenizerLoader {
    /// The files looked for, in order of preference.
    public static let candidateFiles = ["tokenizer.json", "vocab.txt", "vocab.json + merges.txt"]

    /// Loads the tokenizer in `directory`.
    ///
    /// Uses `tokenizer.json` when present (WordPiece, byte-level BPE or SentencePiece Unigram); otherwise a `vocab.txt` WordPiece
    /// vocabulary with the options of `tokenizer_config.json` (`do_lower_case`, `strip_accents`,
    /// `tokenize_chinese_chars`); otherwise a RoBERTa-style `vocab.json` + `merges.txt`. Special-token names come
    /// from `special_tokens_map.json` and `tokenizer_config.json` when present. The `truncation` and `padding`
    /// blocks of tokenizer.json are ignored.
    ///
    /// - Parameter directory: A model directory, e.g. `.cache/models/all-MiniLM-L6-v2`.
    /// - Returns: A ``WordPieceTokenizer``, a ``ByteLevelBPETokenizer`` or a ``UnigramTokenizer``.
    /// - Throws: ``TokenizerError`` naming the directory or file and what is wrong.
    public static func load(directory: URL) throws -> any Tokenizer {
        let fileManager = FileManager.default
        func file(_ name: String) -> URL? {
            let url = directory.appendingPathComponent(name)
            return fileManager.fileExists(atPath: url.path) ? url : nil
        }
        var configuration = TokenizerConfiguration()
        for name in ["special_tokens_map.json", "tokenizer_config.json"] {
            if let url = file(name) {
                configuration = configuration.filling(from: try decode(TokenizerConfiguration.self, from: url))
            }
        }
        if let url = file("tokenizer.json") {
            return try load(tokenizerJSON: url, configuration: configuration)
        }
        if let url = file("vocab.txt") {
            return try WordPieceTokenizer(
                vocabulary: try readLines(url), file: url,
                normalizer: BertNormalizer(
                    cleanText: true, handleChineseCharacters: configuration.tokenizeChineseChars ?? true,
                    stripAccents: configuration.stripAccents, lowercase: configuration.doLowerCase ?? true),
                names: SpecialTokenNames.bert.overridden(by: configuration), maxInputCharactersPerWord: 100)
        }
        if let vocabularyURL = file("vocab.json"), let mergesURL = file("merges.txt") {
            let vocabulary = try decode([String: Int].self, from: vocabularyURL)
            var merges: [(String, String)] = []
            for (index, line) in try readLines(mergesURL).enumerated() {
                if (index == 0 && line.hasPrefix("#version")) || line.isEmpty { continue }
                guard let pair = TokenizerDefinition.Merge.split(line) else {
                    throw TokenizerError.malformedMerge(file: mergesURL, index: index, entry: line)
                }
                merges.append(pair)
            }
            return try ByteLevelBPETokenizer(
                vocabulary: vocabulary, merges: merges, addPrefixSpace: configuration.addPrefixSpace ?? false,
                trimOffsets: configuration.trimOffsets ?? true,
                names: SpecialTokenNames.roberta.overridden(by: configuration), file: vocabularyURL)
        }
        throw TokenizerError.missingVocabulary(directory: directory, lookedFor: candidateFiles)
    }

    /// Loads a tokenizer.json.
    ///
    /// The vocabulary of a WordPiece or BPE file is read by ``VocabularySplit`` and the rest by `JSONDecoder`;
    /// when the split is refused, fails, or the vocabulary repeats a token (as Swift strings compare), the whole
    /// document is decoded instead, which also gives every error.
    /// - Parameters:
    ///   - file: The tokenizer.json.
    ///   - configuration: Special-token names from the files beside it.
    /// - Throws: ``TokenizerError``.
    static func load(tokenizerJSON file: URL, configuration: TokenizerConfiguration = .init()) throws -> any Tokenizer {
        let data = try read(file)
        if let tokenizer = loadScanned(data, file: file, configuration: configuration) { return tokenizer }
        return try loadDecoded(data, file: file, configuration: configuration)
    }

    /// The tokenizer of a tokenizer.json decoded whole by `JSONDecoder`.
    static func loadDecoded(_ data: Data, file: URL, configuration: TokenizerConfiguration) throws -> any Tokenizer {
        let definition = try decode(TokenizerDefinition.self, from: data, file: file)
        return try tokenizer(TokenizationPipeline(definition: definition, file: file), configuration, file: file)
    }

    /// The tokenizer of a tokenizer.json whose vocabulary ``VocabularySplit`` reads, or nil when the split is
    /// refused, anything fails, or two entries are one token as Swift strings compare (then `JSONDecoder`, which
    /// keys the vocabulary by `String`, would read a different vocabulary).
    static func loadScanned(_ data: Data, file: URL, configuration: TokenizerConfiguration) -> (
        any Tokenizer
    )? {
        guard let split = VocabularySplit(data),
            var definition = try? JSONDecoder().decode(TokenizerDefinition.self, from: split.remainder)
        else { return nil }
        definition.model.scannedVocabulary = split.entries
        guard let pipeline = try? TokenizationPipeline(definition: definition, file: file) else { return nil }
        let distinct: Int
        switch pipeline.model {
        case .wordPiece(let model): distinct = model.vocabulary.count
        case .byteLevelBPE(let model, _): distinct = model.vocabulary.count
        case .unigram: return nil
        }
        guard distinct == split.entries.count else { return nil }
        return try? tokenizer(pipeline, configuration, file: file)
    }

    /// The tokenizer for a pipeline built from `file`, with its special tokens resolved.
    private static func tokenizer(
        _ pipeline: TokenizationPipeline, _ configuration: TokenizerConfiguration, file: URL
    ) throws -> any Tokenizer {
        switch pipeline.model {
        case .wordPiece(let model):
            let names = SpecialTokenNames.bert.overridden(by: configuration)
            let special = try specialTokens(of: pipeline, names: names, unknown: model.unknownID, file: file)
            return WordPieceTokenizer(pipeline: pipeline, specialTokens: special)
        case .byteLevelBPE:
            let names = SpecialTokenNames.roberta.overridden(by: configuration)
            let special = try specialTokens(of: pipeline, names: names, unknown: nil, file: file)
            return ByteLevelBPETokenizer(pipeline: pipeline, specialTokens: special)
        case .unigram(let model, _):
            // XLM-R spells its special tokens `<s>`, `<pad>`, ...; DeBERTa-v2/v3 `[CLS]`, `[PAD]`, ...
            let family: SpecialTokenNames = pipeline.id(forToken: "[PAD]") != nil ? .bert : .roberta
            let names = family.overridden(by: configuration)
            let special = try specialTokens(of: pipeline, names: names, unknown: model.unknownID, file: file)
            return UnigramTokenizer(pipeline: pipeline, specialTokens: special)
        }
    }

    /// Resolves the special-token ids: start and end from the post-processor when it has them, the rest by name.
    private static func specialTokens(
        of pipeline: TokenizationPipeline, names: SpecialTokenNames, unknown: Int?,
        file: URL
    ) throws -> SpecialTokens {
        func required(_ role: String, _ token: String) throws -> Int {
            guard let id = pipeline.id(forToken: token) else {
                throw TokenizerError.missingToken(role: role, token: token, file: file)
            }
            return id
        }
        return SpecialTokens(
            start: try pipeline.postProcessor.prefix.last?.id ?? required("start", names.start),
            end: try pipeline.postProcessor.suffix.first?.id ?? required("end", names.end),
            pad: try required("padding", names.pad),
            unknown: try unknown ?? required("unknown", names.unknown),
            mask: names.mask.flatMap { pipeline.id(forToken: $0) })
    }

    /// Decodes a JSON file, turning every failure into a ``TokenizerError`` that names the file.
    static func decode<T: Decodable>(_ type: T.Type, from file: URL) throws -> T {
        try decode(type, from: read(file), file: file)
    }

    /// The contents of a file, or ``TokenizerError/unreadableFile(_:reason:)``.
    static func read(_ file: URL) throws -> Data {
        do {
            return try Data(contentsOf: file)
        } catch {
            throw TokenizerError.unreadableFile(file, reason: error.localizedDescription)
        }
    }

    /// Decodes the JSON `data` read from `file`, turning every failure into a ``TokenizerError`` that names it.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, file: URL) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw TokenizerError.malformedJSON(file: file, detail: describe(error))
        } catch let error as TokenizerError {
            throw error
        } catch {
            throw TokenizerError.malformedJSON(file: file, detail: "\(error)")
        }
    }

    /// The lines of a text file (a trailing newline does not make an extra line).
    static func readLines(_ file: URL) throws -> [String] {
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw TokenizerError.unreadableFile(file, reason: error.localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TokenizerError.unreadableFile(file, reason: "not valid UTF-8")
        }
        // Split on U+000A scalars: as characters, "\r\n" is a single grapheme. A "\r" stays, as with
        // `transformers`' `rstrip("\n")`.
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
            String(String.UnicodeScalarView($0))
        }
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// A one-line account of a decoding error: where in the document, and what.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "top level" : keys.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "at \(path(context)): expected \(type): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "at \(path(context)): missing \(type) value"
        case .keyNotFound(let key, let context):
            return "at \(path(context)): missing key '\(key.stringValue)'"
        case .dataCorrupted(let context):
            let underlying = context.underlyingError.map { " (\($0.localizedDescription))" } ?? ""
            return "at \(path(context)): \(context.debugDescription)\(underlying)"
        @unknown default:
            return "\(error)"
        }
    }
}
