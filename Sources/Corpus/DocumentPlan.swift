import Support

/// The blocks of a document in order, with a stretch where filler paragraphs may be inserted to reach a
/// planned length.
struct DocumentPlan {
    typealias Block = DraftText.Block

    /// Blocks before the body (titles, salutations, field lists).
    var head: [Block] = []
    /// Body paragraphs; filler goes between or after them.
    var body: [Block] = []
    /// Blocks after the body (closings, signatures).
    var tail: [Block] = []
    /// What separates consecutive body paragraphs, e.g. "\n\n".
    var paragraphBreak = "\n\n"
    /// Whether body paragraphs are numbered "1. ", "2. ", … when written (contract sections).
    var numbered = false

    /// Words in the whole plan, separators excluded.
    var wordCount: Int { (head + body + tail).reduce(0) { $0 + $1.wordCount } + (numbered ? body.count : 0) }

    /// Inserts filler paragraphs from `pool` (in a random order, each at most once) at random body positions
    /// until the plan has at least `target` words, never exceeding `maximum`.
    ///
    /// - Parameters:
    ///   - keepFirst: Body paragraphs before this index stay first (an opening paragraph).
    ///   - factsWithin: When set, a filler goes before the last fact-bearing body paragraph only while that
    ///     paragraph still ends within this many words.
    mutating func fill(
        from pool: [Block], target: Int, maximum: Int, keepFirst: Int = 1, factsWithin: Int? = nil,
        using random: inout SeededGenerator
    ) {
        var words = wordCount
        for filler in random.shuffled(pool) {
            guard words < target else { break }
            let size = filler.wordCount + (numbered ? 1 : 0)
            guard words + size <= maximum else { continue }
            var lower = min(keepFirst, body.count)
            if let limit = factsWithin, let last = body.lastIndex(where: \.containsFact) {
                if wordsThrough(bodyIndex: last) + size > limit { lower = max(lower, last + 1) }
            }
            body.insert(filler, at: random.int(in: lower...body.count))
            words += size
        }
    }

    /// Words from the start of the document to the end of body paragraph `bodyIndex`.
    func wordsThrough(bodyIndex: Int) -> Int {
        head.reduce(0) { $0 + $1.wordCount }
            + body[...bodyIndex].reduce(0) { $0 + $1.wordCount + (numbered ? 1 : 0) }
    }

    /// Writes the plan: head and tail blocks carry their own separators; body paragraphs are joined by
    /// ``paragraphBreak`` and followed by one.
    func write(into text: inout DraftText) {
        for block in head { text.append(block) }
        for (index, block) in body.enumerated() {
            if numbered { text.literal("\(index + 1). ") }
            text.append(block)
            text.literal(paragraphBreak)
        }
        for block in tail { text.append(block) }
    }
}
