/// A vocabulary as `(token, id)` entries with exact token spellings.
struct VocabularyEntries: Sendable {
    /// Entries in file order; a later spelling of the same token replaces an earlier one, as in a Python dict.
    var entries: [(token: String, id: Int)]

    init(_ entries: [(token: String, id: Int)]) {
        self.entries = entries
    }

    /// Exact token → id (the last entry of a token wins).
    var exact: [ExactString: Int] {
        var table: [ExactString: Int] = [:]
        table.reserveCapacity(entries.count)
        for entry in entries { table[ExactString(entry.token)] = entry.id }
        return table
    }

    /// Token → id when no two entries are one Swift string (so no token repeats and no two spellings are
    /// canonically equivalent); then it equals `lookup`, built without the exact table first. Nil otherwise.
    var distinctLookup: [String: Int]? {
        var table: [String: Int] = [:]
        table.reserveCapacity(entries.count)
        for entry in entries {
            guard table.updateValue(entry.id, forKey: entry.token) == nil else { return nil }
        }
        return table
    }

    /// Token → id for look-ups by callers (canonically equivalent spellings share a key).
    var lookup: [String: Int] {
        var table: [String: Int] = [:]
        table.reserveCapacity(entries.count)
        for (token, id) in exact where table[token.string] == nil { table[token.string] = id }
        return table
    }
}
