import Foundation

/// The WordPiece model: greedy longest-match-first segmentation of one word into vocabulary pieces.
///
/// Mirrors `models/wordpiece` in `tokenizers`: a word longer than ``maxInputCharactersPerWord`` scalars, or one
/// that cannot be fully decomposed, becomes a single unknown token covering the whole word; pieces after the
/// first carry the ``continuingSubwordPrefix`` (`##`).
struct WordPieceModel: Sendable {
    /// Token → id for look-ups (canonically equivalent spellings share a key; segmentation uses the exact trie).
    let vocabulary: [String: Int]
    /// Id → token, exactly as spelled in the vocabulary (holes, if the ids are not dense, are empty strings).
    let tokensByID: [String]
    /// The unknown token, e.g. `[UNK]`.
    let unknownToken: String
    /// The unknown token's id.
    let unknownID: Int
    /// The prefix of non-initial pieces, `##`.
    let continuingSubwordPrefix: String
    /// Longer words become the unknown token (100).
    let maxInputCharactersPerWord: Int
    /// The vocabulary as a trie: root 0 holds every token, root 1 the continuation pieces without their prefix.
    private let trie: ScalarTrie

    /// Creates the model.
    ///
    /// - Throws: ``TokenizerError/missingToken(role:token:file:)`` when `unknownToken` is not in `vocabulary`.
    init(
        vocabulary entries: VocabularyEntries, unknownToken: String, continuingSubwordPrefix: String,
        maxInputCharactersPerWord: Int, file: URL?
    ) throws {
        let pairs: [(String, Int)]
        if let distinct = entries.distinctLookup {
            // No two entries are one Swift string, so none are one exact spelling either: the entries are the
            // exact vocabulary as they stand, and the look-up table is the one the general route builds.
            guard let unknownID = distinct[unknownToken],
                entries.entries.contains(where: { $0.id == unknownID && $0.token.utf8.elementsEqual(unknownToken.utf8) }
                )
            else {
                throw TokenizerError.missingToken(role: "unknown", token: unknownToken, file: file)
            }
            self.unknownID = unknownID
            self.vocabulary = distinct
            pairs = entries.entries.map { ($0.token, $0.id) }
        } else {
            let exact = entries.exact
            guard let unknownID = exact[ExactString(unknownToken)] else {
                throw TokenizerError.missingToken(role: "unknown", token: unknownToken, file: file)
            }
            self.unknownID = unknownID
            self.vocabulary = entries.lookup
            pairs = exact.map { ($0.key.string, $0.value) }
        }
        self.tokensByID = try tokenTable(pairs, file: file)
        self.unknownToken = unknownToken
        self.continuingSubwordPrefix = continuingSubwordPrefix
        self.maxInputCharactersPerWord = maxInputCharactersPerWord
        // About 2.4 edges per token for BERT's vocabulary.
        var trie = ScalarTrie(rootCount: 2, capacity: pairs.count * 5 / 2)
        let prefix = continuingSubwordPrefix.unicodeScalars
        let prefixCount = prefix.count
        for (token, id) in pairs {
            trie.insert(token.unicodeScalars, id: id, root: 0)
            // Compare scalars, not characters: in "##्" the virama joins the second "#" into one character.
            if token.unicodeScalars.starts(with: prefix) {
                trie.insert(token.unicodeScalars.dropFirst(prefixCount), id: id, root: 1)
            }
        }
        self.trie = trie
    }

    /// Tokenises the word `text.scalars[word]` and appends its pieces, with original offsets, to `encoding`.
    func tokenize(word: Range<Int>, of text: NormalizedText, into encoding: inout Encoding) {
        if word.count > maxInputCharactersPerWord {
            encoding.append(id: unknownID, token: unknownToken, offsets: text.originalRange(of: word))
            return
        }
        // Greedy longest match first, as `WordPiece::tokenize`; the trie finds the longest vocabulary entry
        // that prefixes the rest of the word, which is the first one the longest-first loop would accept.
        var pieces: [(id: Int, range: Range<Int>)] = []
        var start = word.lowerBound
        while start < word.upperBound {
            let root = start > word.lowerBound ? 1 : 0
            guard let match = trie.longestMatch(in: text.scalars, from: start, to: word.upperBound, root: root)
            else {
                encoding.append(id: unknownID, token: unknownToken, offsets: text.originalRange(of: word))
                return
            }
            pieces.append((match.id, start..<match.end))
            start = match.end
        }
        for piece in pieces {
            encoding.append(id: piece.id, token: tokensByID[piece.id], offsets: text.originalRange(of: piece.range))
        }
    }
}

/// The largest id a token may have (`tokenizers` stores ids as `u32`; byte-pair keys here pack two in 64 bits).
let largestTokenID = Int(Int32.max)

/// The id → token table of a vocabulary.
///
/// The table is dense, so ids must be too: at most as many unused ids as tokens (plus 1024), which every real
/// vocabulary meets and which keeps a hostile id such as 2⁶³ − 1 from sizing the table (an overflow trap) or a
/// billion from allocating gigabytes.
/// - Throws: ``TokenizerError/malformedVocabulary(file:detail:)`` for negative, duplicate or sparse ids.
func tokenTable(_ vocabulary: some Collection<(String, Int)>, file: URL?) throws -> [String] {
    guard let (largestToken, largest) = vocabulary.max(by: { $0.1 < $1.1 }) else {
        throw TokenizerError.malformedVocabulary(file: file, detail: "the vocabulary is empty")
    }
    guard largest <= largestTokenID, largest / 2 < vocabulary.count + 512 else {
        throw TokenizerError.malformedVocabulary(
            file: file,
            detail:
                "token '\(largestToken)' has id \(largest), far beyond the \(vocabulary.count) tokens (ids must be dense)"
        )
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
