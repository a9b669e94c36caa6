/// A prefix tree over Unicode scalars for longest-match vocabulary look-ups without building strings.
///
/// Nodes are integers; edges live in one hash table keyed by `(node << 32) | scalar` (``TrieEdges``). Several
/// roots can share the table (WordPiece keeps one for word-initial pieces and one for `##` continuations).
struct ScalarTrie: Sendable {
    fileprivate var edges: TrieEdges
    /// The token id ending at each node, or -1.
    fileprivate var values: [Int32]

    /// Creates a trie with `rootCount` empty roots, numbered `0..<rootCount`, with room for about `capacity` edges
    /// before its table grows.
    init(rootCount: Int, capacity: Int = 0) {
        values = Array(repeating: -1, count: rootCount)
        values.reserveCapacity(rootCount + capacity)
        edges = TrieEdges(capacity: capacity)
    }

    /// Adds `scalars` under `root` with the value `id`; an existing value is kept (the first insertion wins).
    mutating func insert(_ scalars: some Sequence<Unicode.Scalar>, id: Int, root: Int) {
        var node = Int32(root)
        for scalar in scalars {
            let key = UInt64(UInt32(node)) << 32 | UInt64(scalar.value)
            node = edges.target(of: key, orInsert: Int32(values.count))
            if Int(node) == values.count { values.append(-1) }
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

/// The edges of a ``ScalarTrie``: an open-addressing hash table from `(node << 32) | scalar` to the child node.
///
/// Building a BERT vocabulary's trie is a quarter of a million look-ups and inserts; a `Dictionary` spent most
/// of that time seeding and running SipHash. Keys here are hashed by one multiplication with an odd multiplier
/// drawn per table (multiply-shift hashing, so crafted vocabularies cannot aim at collisions), probed linearly,
/// with the table at most half full. No key is `UInt64.max` (nodes fit in 31 bits, scalars in 21), which marks an
/// empty slot.
struct TrieEdges: Sendable {
    private var keys: [UInt64]
    private var targets: [Int32]
    private var count = 0
    /// 64 − log2(table size): the hash is the product's top bits.
    private var shift: UInt64
    private let multiplier = UInt64.random(in: .min ... .max) | 1

    private static let empty = UInt64.max

    /// A table with room for `capacity` edges before it grows.
    init(capacity: Int) {
        var size = 16
        while size < 2 * capacity { size *= 2 }
        keys = Array(repeating: Self.empty, count: size)
        targets = Array(repeating: 0, count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* multiplier) >> shift) }

    /// The child node along `key`, if any.
    subscript(key: UInt64) -> Int32? {
        let mask = keys.count - 1
        var index = slot(key)
        while true {
            let found = keys[index]
            if found == key { return targets[index] }
            if found == Self.empty { return nil }
            index = (index + 1) & mask
        }
    }

    /// The child node along `key`, added as `target` when there is none.
    mutating func target(of key: UInt64, orInsert target: Int32) -> Int32 {
        if 2 * (count + 1) > keys.count { grow() }
        let mask = keys.count - 1
        var index = slot(key)
        while true {
            let found = keys[index]
            if found == key { return targets[index] }
            if found == Self.empty {
                keys[index] = key
                targets[index] = target
                count += 1
                return target
            }
            index = (index + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldTargets = targets
        keys = Array(repeating: Self.empty, count: 2 * oldKeys.count)
        targets = Array(repeating: 0, count: 2 * oldKeys.count)
        shift -= 1
        let mask = keys.count - 1
        for (key, target) in zip(oldKeys, oldTargets) where key != Self.empty {
            var index = slot(key)
            while keys[index] != Self.empty { index = (index + 1) & mask }
            keys[index] = key
            targets[index] = target
        }
    }
}
