import Foundation

/// Builds a small lowercase WordPiece vocabulary from training texts, for models trained from scratch.
///
/// The vocabulary is: the five BERT special tokens (`[PAD]` = 0, `[UNK]` = 1, `[CLS]` = 2, `[SEP]` = 3,
/// `[MASK]` = 4), every character seen (alone and as a `##` continuation, so any word built from seen
/// characters decomposes), then the most frequent whole words up to `size`. Words are split as BERT's
/// pre-tokeniser does: on whitespace, and every punctuation character is a word of its own. Ties in frequency
/// are broken alphabetically, so the same texts always give the same vocabulary.
public struct WordPieceVocabularyBuilder: Sendable {
    /// The largest vocabulary built, e.g. 2000.
    public var size: Int

    /// Creates a builder for at most `size` tokens.
    public init(size: Int) { self.size = size }

    public static let specialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

    /// The tokens in id order (a `vocab.txt`).
    public func build(from texts: [String]) -> [String] {
        var wordCounts: [String: Int] = [:]
        var characters = Set<String>()
        for text in texts {
            for word in Self.words(in: text.lowercased()) {
                wordCounts[word, default: 0] += 1
                for character in word { characters.insert(String(character)) }
            }
        }
        var tokens = Self.specialTokens
        var seen = Set(tokens)
        func add(_ token: String) {
            if seen.insert(token).inserted { tokens.append(token) }
        }
        for character in characters.sorted() {
            add(character)
            add("##" + character)
        }
        let words = wordCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        for (word, _) in words where tokens.count < size { add(word) }
        return tokens
    }

    /// Whitespace- and punctuation-separated words (accents stripped, as the uncased normaliser does).
    static func words(in text: String) -> [String] {
        let folded = text.folding(options: [.diacriticInsensitive], locale: nil)
        var words: [String] = []
        var current = ""
        for scalar in folded.unicodeScalars {
            if scalar.properties.isWhitespace || scalar.properties.generalCategory == .control {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else if isPunctuation(scalar) {
                if !current.isEmpty { words.append(current) }
                current = ""
                words.append(String(scalar))
            } else {
                current.unicodeScalars.append(scalar)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// BERT's punctuation test: ASCII symbols plus Unicode punctuation categories.
    private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) {
            return true
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// Writes `vocab.txt`, `tokenizer_config.json` and `special_tokens_map.json` so that both the Swift
    /// tokenizer loader and `transformers`' `BertTokenizerFast` read the vocabulary.
    public static func write(_ tokens: [String], to directory: URL, maxLength: Int) throws {
        try (tokens.joined(separator: "\n") + "\n").write(
            to: directory.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
        let config: [String: Any] = [
            "tokenizer_class": "BertTokenizer", "do_lower_case": true, "strip_accents": NSNull(),
            "tokenize_chinese_chars": true, "model_max_length": maxLength, "unk_token": "[UNK]",
            "cls_token": "[CLS]", "sep_token": "[SEP]", "pad_token": "[PAD]", "mask_token": "[MASK]",
        ]
        let special = [
            "unk_token": "[UNK]", "cls_token": "[CLS]", "sep_token": "[SEP]", "pad_token": "[PAD]",
            "mask_token": "[MASK]",
        ]
        let options: JSONSerialization.WritingOptions = [.prettyPrinted, .sortedKeys]
        try JSONSerialization.data(withJSONObject: config, options: options).write(
            to: directory.appendingPathComponent("tokenizer_config.json"))
        try JSONSerialization.data(withJSONObject: special, options: options).write(
            to: directory.appendingPathComponent("special_tokens_map.json"))
    }
}
