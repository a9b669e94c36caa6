import Foundation

/// The byte-pair-encoding model: merges adjacent symbols by rank until no listed merge applies.
///
/// Mirrors `models/bpe` in `tokenizers` without dropout: each byte-level character starts as one symbol; the
/// adjacent pair with the lowest merge rank (leftmost on ties) is merged, repeatedly.
struct BPEModel: Sendable {
    /// Token → id.
    let vocabulary: [String: Int]
    /// Id → token.
    let tokensByID: [String]
    /// `(left id << 32 | right id)` → (rank, merged id).
    private let merges: [UInt64: (rank: Int, id: Int)]
    /// The id of each byte's character, or -1 when the vocabulary lacks it.
    private let byteIDs: [Int]
    /// The unknown token's id, when the model has one (`unk_token`, usually `null` for byte-level models).
    let unknownID: Int?
    /// When `true`, a word found whole in the vocabulary is not split (`ignore_merges`).
    let ignoreMerges: Bool

    /// Creates the model from a vocabulary and its ordered merges.
    ///
    /// - Throws: ``TokenizerError/malformedMerge(file:index:entry:)`` when a merge's parts or result are not in
    ///   the vocabulary.
    init(
        vocabulary: [String: Int], merges: [(String, String)], unknownToken: String?, ignoreMerges: Bool,
        file: URL?
    ) throws {
        self.vocabulary = vocabulary
        self.tokensByID = try tokenTable(vocabulary.map { ($0.key, $0.value) }, file: file)
        var table: [UInt64: (rank: Int, id: Int)] = [:]
        table.reserveCapacity(merges.count)
        for (rank, merge) in merges.enumerated() {
            guard let left = vocabulary[merge.0], let right = vocabulary[merge.1],
                let merged = vocabulary[merge.0 + merge.1]
            else {
                throw TokenizerError.malformedMerge(file: file, index: rank, entry: "\(merge.0) \(merge.1)")
            }
            let key = UInt64(left) << 32 | UInt64(right)
            if table[key] == nil { table[key] = (rank, merged) }
        }
        self.merges = table
        self.byteIDs = ByteLevelAlphabet.characters.map { vocabulary[String($0)] ?? -1 }
        if let unknownToken {
            guard let id = vocabulary[unknownToken] else {
                throw TokenizerError.missingToken(role: "unknown", token: unknownToken, file: file)
            }
            unknownID = id
        } else {
            unknownID = nil
        }
        self.ignoreMerges = ignoreMerges
    }

    /// Tokenises one pre-tokenised word given as bytes, each with the original range of the scalar it encodes.
    func tokenize(bytes: [UInt8], origins: [Range<Int>], into encoding: inout Encoding) {
        if ignoreMerges {
            let word = String(String.UnicodeScalarView(bytes.map { ByteLevelAlphabet.characters[Int($0)] }))
            if let id = vocabulary[word] {
                encoding.append(
                    id: id, token: word, offsets: origins[0].lowerBound..<origins[origins.count - 1].upperBound)
                return
            }
        }
        // Symbols: (id, first byte, end byte).
        var symbols: [(id: Int, start: Int, end: Int)] = []
        symbols.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated() {
            let id = byteIDs[Int(byte)]
            if id >= 0 {
                symbols.append((id, index, index + 1))
            } else if let unknownID {
                symbols.append((unknownID, index, index + 1))
            }
        }
        while symbols.count > 1 {
            var best = -1
            var bestRank = Int.max
            var bestID = 0
            for position in 0..<(symbols.count - 1) {
                let key = UInt64(symbols[position].id) << 32 | UInt64(symbols[position + 1].id)
                if let merge = merges[key], merge.rank < bestRank {
                    best = position
                    bestRank = merge.rank
                    bestID = merge.id
                }
            }
            guard best >= 0 else { break }
            symbols[best] = (bestID, symbols[best].start, symbols[best + 1].end)
            symbols.remove(at: best + 1)
        }
        for symbol in symbols {
            encoding.append(
                id: symbol.id, token: tokensByID[symbol.id],
                offsets: origins[symbol.start].lowerBound..<origins[symbol.end - 1].upperBound)
        }
    }
}
