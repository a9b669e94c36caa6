/// `Metaspace`: spaces become `▁`, a `▁` is prepended by `prepend_scheme`, and the text is optionally split
/// before every `▁` (`pre_tokenizers/metaspace.rs`, the SentencePiece convention of XLM-R and DeBERTa).
struct MetaspacePreTokenizer: PreTokenizationStep {
    /// When a `▁` is put in front of a split that does not start with one.
    enum PrependScheme: String, Sendable {
        /// Every split (XLM-R, and DeBERTa with `add_prefix_space`).
        case always
        /// Only a split that starts the text (SentencePiece's non-legacy behaviour).
        case first
        /// Never.
        case never
    }

    /// `replacement`, `▁` (U+2581).
    var replacement: Unicode.Scalar
    /// `prepend_scheme`.
    var prependScheme: PrependScheme
    /// `split`: split before each replacement character (default `true`).
    var splitsOnReplacement: Bool

    func split(_ split: TextSplit, into output: inout [TextSplit]) {
        var split = split
        for index in split.text.scalars.indices where split.text.scalars[index] == " " {
            split.text.scalars[index] = replacement
        }
        let prepends: Bool
        switch prependScheme {
        case .always: prepends = true
        case .first: prepends = split.originalStart == 0
        case .never: prepends = false
        }
        if prepends, let first = split.text.scalars.first, first != replacement {
            // `NormalizedString::prepend`: the new scalar shares the first scalar's origin.
            split.text.scalars.insert(replacement, at: 0)
            split.text.origins.insert(split.text.origins[0], at: 0)
        }
        guard splitsOnReplacement else {
            output.append(split)
            return
        }
        split.split(where: { $0 == replacement }, behavior: .mergedWithNext, into: &output)
    }
}
