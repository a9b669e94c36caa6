import Foundation

/// The Unigram language model of SentencePiece: the segmentation of highest total piece score (Viterbi).
///
/// Mirrors `models/unigram/model.rs` in `tokenizers` (`encode_optimized`, then `tokenize`): at each scalar, every
/// vocabulary piece starting there extends the best path ending there; a scalar no single-scalar piece covers
/// is an unknown node scored `min score − 10`; ties keep the path found first. Adjacent unknown nodes are fused
/// into one token (`fuse_unk`); with `byte_fallback`, a fused unknown becomes the `<0xNN>` pieces of its UTF-8
/// bytes when the vocabulary has all of them, each with the offsets of the whole unknown text.
struct UnigramModel: Sendable {
    /// Id → piece, exactly as spelled.
    let tokensByID: [String]
    /// Id → score (a log probability).
    let scores: [Double]
    /// Piece → id for callers' look-ups (canonically equivalent spellings share a key).
    let vocabulary: [String: Int]
    /// `unk_id`.
    let unknownID: Int
    /// `byte_fallback`.
    let byteFallback: Bool
    /// Exact piece → id (the last of duplicate pieces wins, as in `tokenizers`' hash map).
    private let exact: [ExactString: Int]
    /// The pieces as a trie over scalars.
    private let trie: ScalarTrie
    /// The score of an unknown node: the lowest piece score minus 10 (`K_UNK_PENALTY`).
    private let unknownScore: Double
    /// `<0xNN>` ids by byte, or -1.
    private let byteIDs: [Int]

    /// Creates the model.
    ///
    /// - Parameters:
    ///   - pieces: `vocab` in id order, e.g. `[("<unk>", 0), ("▁the", -3.2)]`.
    ///   - unknownID: `unk_id`; `nil` is refused, because `tokenizers` fails on any text with a character the
    ///     vocabulary lacks.
    ///   - byteFallback: `byte_fallback`.
    /// - Throws: ``TokenizerError/malformedVocabulary(file:detail:)`` for an empty vocabulary or an `unk_id`
    ///   outside it; ``TokenizerError/unsupportedComponent(component:type:file:)`` without `unk_id`.
    init(pieces: [(piece: String, score: Double)], unknownID: Int?, byteFallback: Bool, file: URL?) throws {
        guard !pieces.isEmpty else {
            throw TokenizerError.malformedVocabulary(file: file, detail: "the Unigram vocabulary is empty")
        }
        guard pieces.count <= largestTokenID else {
            throw TokenizerError.malformedVocabulary(file: file, detail: "\(pieces.count) pieces is too many")
        }
        guard let unknownID else {
            throw TokenizerError.unsupportedComponent(
                component: "Unigram model option", type: "unk_id null (every unknown character would fail)",
                file: file)
        }
        guard (0..<pieces.count).contains(unknownID) else {
            throw TokenizerError.malformedVocabulary(
                file: file, detail: "model.unk_id \(unknownID) is outside the \(pieces.count) pieces of model.vocab")
        }
        tokensByID = pieces.map(\.piece)
        scores = pieces.map(\.score)
        var exact: [ExactString: Int] = [:]
        exact.reserveCapacity(pieces.count)
        var trie = ScalarTrie(rootCount: 1)
        // The trie keeps the first insertion, `tokenizers` the last duplicate: insert from the end.
        for (id, piece) in pieces.enumerated().reversed() {
            if exact[ExactString(piece.piece)] == nil { exact[ExactString(piece.piece)] = id }
            trie.insert(piece.piece.unicodeScalars, id: id, root: 0)
        }
        self.exact = exact
        self.trie = trie
        var lookup: [String: Int] = [:]
        for (piece, id) in exact {
            if let existing = lookup[piece.string], existing <= id { continue }
            lookup[piece.string] = id
        }
        vocabulary = lookup
        self.unknownID = unknownID
        self.byteFallback = byteFallback
        unknownScore = (scores.min() ?? 0) - 10
        byteIDs = (0..<256).map { exact[ExactString(String(format: "<0x%02X>", $0))] ?? -1 }
    }

    /// The best paths of one segmentation, kept between splits so their buffers are allocated once per text.
    struct Lattice {
        /// Best path ending at each scalar boundary: its score, where its last node starts (-1: none), its id.
        fileprivate var bestScore: [Double] = []
        fileprivate var bestStart: [Int] = []
        fileprivate var bestID: [Int] = []
        fileprivate var pieces: [(range: Range<Int>, unknown: Bool)] = []

        init() {}

        fileprivate mutating func reset(_ count: Int) {
            bestScore.removeAll(keepingCapacity: true)
            bestScore.append(contentsOf: repeatElement(0, count: count + 1))
            bestStart.removeAll(keepingCapacity: true)
            bestStart.append(contentsOf: repeatElement(-1, count: count + 1))
            bestID.removeAll(keepingCapacity: true)
            bestID.append(contentsOf: repeatElement(0, count: count + 1))
            pieces.removeAll(keepingCapacity: true)
        }
    }

    /// Segments one pre-tokenised split and appends its tokens, with original offsets, to `encoding`.
    func tokenize(_ text: NormalizedText, lattice: inout Lattice, into encoding: inout Encoding) {
        let scalars = text.scalars
        let count = scalars.count
        guard count > 0 else { return }
        lattice.reset(count)
        for start in 0..<count {
            let scoreHere = lattice.bestScore[start]
            var hasSingleNode = false
            trie.forEachPrefix(of: scalars, from: start, root: 0) { id, end in
                let candidate = scores[id] + scoreHere
                if lattice.bestStart[end] < 0 || candidate > lattice.bestScore[end] {
                    lattice.bestScore[end] = candidate
                    lattice.bestStart[end] = start
                    lattice.bestID[end] = id
                }
                if end == start + 1 { hasSingleNode = true }
            }
            if !hasSingleNode {
                let candidate = unknownScore + scoreHere
                if lattice.bestStart[start + 1] < 0 || candidate > lattice.bestScore[start + 1] {
                    lattice.bestScore[start + 1] = candidate
                    lattice.bestStart[start + 1] = start
                    lattice.bestID[start + 1] = unknownID
                }
            }
        }
        // Back from the end; runs of unknown nodes become one token.
        var end = count
        while end > 0 {
            let start = lattice.bestStart[end]
            let unknown = lattice.bestID[end] == unknownID
            if unknown, let last = lattice.pieces.last, last.unknown {
                lattice.pieces[lattice.pieces.count - 1].range = start..<last.range.upperBound
            } else {
                lattice.pieces.append((start..<end, unknown))
            }
            end = start
        }
        for (range, unknown) in lattice.pieces.reversed() {
            let offsets = text.originalRange(of: range)
            guard unknown else {
                let id = lattice.bestID[range.upperBound]
                encoding.append(id: id, token: tokensByID[id], offsets: offsets)
                continue
            }
            let string = text.string(range)
            if let id = exact[ExactString(string)] {
                encoding.append(id: id, token: string, offsets: offsets)
                continue
            }
            if byteFallback {
                let ids = string.utf8.map { byteIDs[Int($0)] }
                if !ids.contains(-1) {
                    for id in ids { encoding.append(id: id, token: tokensByID[id], offsets: offsets) }
                    continue
                }
            }
            encoding.append(id: unknownID, token: string, offsets: offsets)
        }
    }
}
