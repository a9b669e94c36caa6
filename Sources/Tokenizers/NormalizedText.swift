/// Text after normalisation, with the original scalar range every normalised scalar came from.
///
/// This is the part of Hugging Face's `NormalizedString` the pipeline needs: `origins[i]` is the range of
/// original Unicode scalars that produced `scalars[i]` (inserted scalars, such as the spaces around CJK
/// characters or the second scalar of a lower-cased `İ`, share the range of the scalar they came from).
struct NormalizedText {
    /// The normalised scalars.
    var scalars: [Unicode.Scalar]
    /// For each normalised scalar, the original scalar range it came from.
    var origins: [Range<Int>]

    init(scalars: [Unicode.Scalar] = [], origins: [Range<Int>] = []) {
        self.scalars = scalars
        self.origins = origins
    }

    /// The identity normalisation of `original[range]`.
    init(identityOf original: [Unicode.Scalar], range: Range<Int>) {
        scalars = Array(original[range])
        origins = range.map { $0..<($0 + 1) }
    }

    var count: Int { scalars.count }

    mutating func append(_ scalar: Unicode.Scalar, origin: Range<Int>) {
        scalars.append(scalar)
        origins.append(origin)
    }

    /// The original range covered by the normalised scalars `range` (HF `convert_offsets`).
    func originalRange(of range: Range<Int>) -> Range<Int> {
        guard !range.isEmpty else {
            let position = range.lowerBound < origins.count ? origins[range.lowerBound].lowerBound : 0
            return position..<position
        }
        return origins[range.lowerBound].lowerBound..<origins[range.upperBound - 1].upperBound
    }

    /// The normalised scalars `range` as a string.
    func string(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[range])
        return String(view)
    }
}
