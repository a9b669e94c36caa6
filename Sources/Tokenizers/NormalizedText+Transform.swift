/// The alignment-keeping edits of Hugging Face's `NormalizedString` (`tokenizer/normalizer.rs`), on scalars.
///
/// `tokenizers` keeps one original byte range per normalised byte; every byte of a character shares its range,
/// so one range per scalar (``NormalizedText/origins``) carries the same information, and these edits give the
/// ranges `tokenizers` gives, quirks included.
extension NormalizedText {
    /// Rewrites the text from `(scalar, change)` pairs, as `NormalizedString::transform` does.
    ///
    /// `change` is `0` when the scalar replaces the next old one (and takes its origin), `1` when it is inserted
    /// (and takes the origin of the old scalar before it, or an empty range at the start), `-n` when it replaces
    /// the next old scalar and the `n` after it are removed. `initialOffset` old scalars are dropped first.
    mutating func transform(_ changes: [(scalar: Unicode.Scalar, change: Int)], initialOffset: Int) {
        var newScalars: [Unicode.Scalar] = []
        var newOrigins: [Range<Int>] = []
        newScalars.reserveCapacity(changes.count)
        newOrigins.reserveCapacity(changes.count)
        let start = origins.first.map { $0.lowerBound..<$0.lowerBound } ?? 0..<0
        var offset = initialOffset
        for (scalar, change) in changes {
            let origin: Range<Int>
            if change > 0 {
                origin = offset < 1 || origins.isEmpty ? start : origins[min(offset, origins.count) - 1]
            } else {
                // `tokenizers` would panic past the end; keep the last origin instead.
                origin = offset < origins.count ? origins[offset] : (origins.last ?? start)
                offset += 1 - change
            }
            newScalars.append(scalar)
            newOrigins.append(origin)
        }
        scalars = newScalars
        origins = newOrigins
    }

    /// Replaces each of the sorted, disjoint scalar ranges `matches` by `content`, as `NormalizedString::replace`:
    /// every inserted scalar takes the origin of the last matched scalar.
    mutating func replace(_ matches: [Range<Int>], with content: [Unicode.Scalar]) {
        guard !matches.isEmpty else { return }
        let start = origins.first.map { $0.lowerBound..<$0.lowerBound } ?? 0..<0
        var newScalars: [Unicode.Scalar] = []
        var newOrigins: [Range<Int>] = []
        newScalars.reserveCapacity(count)
        newOrigins.reserveCapacity(count)
        var last = 0
        for match in matches {
            newScalars.append(contentsOf: scalars[last..<match.lowerBound])
            newOrigins.append(contentsOf: origins[last..<match.lowerBound])
            let origin = match.upperBound < 1 ? start : origins[match.upperBound - 1]
            for scalar in content {
                newScalars.append(scalar)
                newOrigins.append(origin)
            }
            last = match.upperBound
        }
        newScalars.append(contentsOf: scalars[last...])
        newOrigins.append(contentsOf: origins[last...])
        scalars = newScalars
        origins = newOrigins
    }

    /// The scalars `range` with their origins (a `NormalizedString::slice` on normalised offsets).
    func slice(_ range: Range<Int>) -> NormalizedText {
        NormalizedText(scalars: Array(scalars[range]), origins: Array(origins[range]))
    }
}
