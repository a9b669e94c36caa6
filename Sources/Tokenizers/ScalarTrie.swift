/// A prefix tree over Unicode scalars for longest-match vocabulary look-ups without building strings.
///
/// Nodes are integers; edges live in one hash table keyed by `(node << 32) | scalar`. Several roots can share
/// the table (WordPiece keeps one for word-initial pieces and one for `##` continuations).
struct ScalarTrie: Sendable {
    fileprivate var edges: [UInt64: Int32] = [:]
    /// The token id ending at each node, or -1.
    fileprivate var values: [Int32]

    /// Creates a trie with `rootCount` empty roots, numbered `0..<rootCount`.
    init(rootCount: Int) {
        values = Array(repeating: -1, count: rootCount)
    }

    /// Adds `scalars` under `root` with the value `id`; an existing value is kept (the first insertion wins).
    mutating func insert(_ scalars: some Sequence<Unicode.Scalar>, id: Int, root: Int) {
        var node = Int32(root)
        for scalar in scalars {
            let key = UInt64(UInt32(node)) << 32 | UInt64(scalar.value)
            if let next = edges[key] {
                node = next
            } else {
                let next = Int32(values.count)
                values.append(-1)
                edges[key] = next
                node = next
            }
        }
        if values[Int(node)] < 0 { values[Int(node)] = Int32(id) }
    }

    /// The longest entry under `root` that prefixes `scalars[start..<end]`: its id and where it ends.
    func longestMatch(in scalars: [Unicode.Scalar], from start: Int, to end: Int, root: Int) -> (id: Int, end: Int)? {
        var node = Int32(root)
        var best: (id: Int, end: Int)? = nil
        var index = start
        while index < end {
            guard let next = edges[UInt64(UInt32(node)) << 32 | UInt64(scalars[index].value)] else { break }
            node = next
            index += 1
            let value = values[Int(node)]
            if value >= 0 { best = (Int(value), index) }
        }
        return best
    }
}

extension ScalarTrie {
    /// Calls `body` with the id and end of every entry under `root` that prefixes `scalars[start...]`, shortest
    /// first (a common-prefix search).
    func forEachPrefix(
        of scalars: [Unicode.Scalar], from start: Int, root: Int, _ body: (_ id: Int, _ end: Int) -> Void
    ) {
        var node = Int32(root)
        var index = start
        while index < scalars.count {
            guard let next = edges[UInt64(UInt32(node)) << 32 | UInt64(scalars[index].value)] else { return }
            node = next
            index += 1
            let value = values[Int(node)]
            if value >= 0 { body(Int(value), index) }
        }
    }
}
