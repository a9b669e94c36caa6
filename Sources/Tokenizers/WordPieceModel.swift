import Foundation

/// The WordPiece model: greedy longest-match-first segmentation of one word into vocabulary pieces.
///
/// Mirrors `models/wordpiece` in `tokenizers`: a word longer than ``maxInputCharactersPerWord`` scalars, or one
/// that cannot be fully decomposed, becomes a single unknown token covering the whole word; pieces after the
/// first carry the ``continuingSubwordPrefix`` (`##`).
struct WordPieceModel: Sendable {
    /// Token → id.
    let vocabulary: [String: Int]
    /// Id → token (holes, if the ids are not dense, are empty strings).
    let tokensByID: [String]
    /// The unknown token, e.g. `[UNK]`.
    let unknownToken: String
    /// The unknown token's id.
    let unknownID: Int
    /// The prefix of non-initial pieces, `##`.
    let continuingSubwordPrefix: String
    /// Longer words become the unknown token (100).
    let maxInputCharactersPerWord: Int

    /// Creates the model.
    ///
    /// - Throws: ``TokenizerError/missingToken(role:token:file:)`` when `unknownToken` is not in `vocabulary`.
    init(
        vocabulary: [String: Int], unknownToken: String, continuingSubwordPrefix: String,
        maxInputCharactersPerWord: Int, file: URL?
    ) throws {
        guard let unknownID = vocabulary[unknownToken] else {
            throw TokenizerError.missingToken(role: "unknown", token: unknownToken, file: file)
        }
        self.vocabulary = vocabulary
        self.tokensByID = try tokenTable(vocabulary, file: file)
        self.unknownToken = unknownToken
        self.unknownID = unknownID
        self.continuingSubwordPrefix = continuingSubwordPrefix
        self.maxInputCharactersPerWord = maxInputCharactersPerWord
    }

    /// Tokenises the word `text.scalars[word]` and appends its pieces, with original offsets, to `encoding`.
    func tokenize(word: Range<Int>, of text: NormalizedText, into encoding: inout Encoding) {
        if word.count > maxInputCharactersPerWord {
            encoding.append(id: unknownID, token: unknownToken, offsets: text.originalRange(of: word))
            return
        }
        var pieces: [(id: Int, token: String, range: Range<Int>)] = []
        var start = word.lowerBound
        while start < word.upperBound {
            var end = word.upperBound
            var found: (id: Int, token: String)? = nil
            while start < end {
                var candidate = text.string(start..<end)
                if start > word.lowerBound { candidate = continuingSubwordPrefix + candidate }
                if let id = vocabulary[candidate] {
                    found = (id, candidate)
                    break
                }
                end -= 1
            }
            guard let piece = found else {
                encoding.append(id: unknownID, token: unknownToken, offsets: text.originalRange(of: word))
                return
            }
            pieces.append((piece.id, piece.token, start..<end))
            start = end
        }
        for piece in pieces {
            encoding.append(id: piece.id, token: piece.token, offsets: text.originalRange(of: piece.range))
        }
    }
}

/// The id → token table of a vocabulary.
///
/// - Throws: ``TokenizerError/malformedVocabulary(file:detail:)`` for negative or duplicate ids.
func tokenTable(_ vocabulary: [String: Int], file: URL?) throws -> [String] {
    guard let largest = vocabulary.values.max() else {
        throw TokenizerError.malformedVocabulary(file: file, detail: "the vocabulary is empty")
    }
    var table = [String?](repeating: nil, count: largest + 1)
    for (token, id) in vocabulary {
        guard id >= 0 else {
            throw TokenizerError.malformedVocabulary(file: file, detail: "token '\(token)' has negative id \(id)")
        }
        if let other = table[id] {
            throw TokenizerError.malformedVocabulary(
                file: file, detail: "tokens '\(other)' and '\(token)' share id \(id)")
        }
        table[id] = token
    }
    return table.map { $0 ?? "" }
}
