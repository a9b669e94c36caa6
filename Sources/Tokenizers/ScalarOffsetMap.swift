/// Turns Unicode-scalar offsets (``Encoding/offsets``) into `String.Index` ranges of the original text.
///
/// Built once per text, so mapping every token of a long document stays linear.
public struct ScalarOffsetMap: Sendable {
    /// `indices[i]` is the index of scalar `i`; the last entry is `endIndex`.
    private let indices: [String.Index]

    /// Indexes `text`, the same string that was encoded.
    public init(_ text: String) {
        var indices = Array(text.unicodeScalars.indices)
        indices.append(text.endIndex)
        self.indices = indices
    }

    /// The number of Unicode scalars in the text.
    public var scalarCount: Int { indices.count - 1 }

    /// The string range of a scalar range, or `nil` when it lies outside the text.
    public func range(_ offsets: Range<Int>) -> Range<String.Index>? {
        guard offsets.lowerBound >= 0, offsets.upperBound < indices.count else { return nil }
        return indices[offsets.lowerBound]..<indices[offsets.upperBound]
    }
}

extension String {
    /// The range of the Unicode scalars `offsets` (e.g. a token's ``Encoding/offsets`` entry), or `nil` when it
    /// lies outside the string.
    ///
    /// For many ranges of one text, build a ``ScalarOffsetMap`` once instead.
    public func range(ofScalarOffsets offsets: Range<Int>) -> Range<String.Index>? {
        let scalars = unicodeScalars
        guard offsets.lowerBound >= 0,
            let start = scalars.index(scalars.startIndex, offsetBy: offsets.lowerBound, limitedBy: scalars.endIndex),
            let end = scalars.index(start, offsetBy: offsets.count, limitedBy: scalars.endIndex)
        else { return nil }
        return start..<end
    }
}
