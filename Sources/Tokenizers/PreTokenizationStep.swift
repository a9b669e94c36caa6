/// One piece of text during pre-tokenisation (a split of Hugging Face's `PreTokenizedString`).
struct TextSplit {
    /// The normalised scalars with their original ranges.
    var text: NormalizedText
    /// Where the split starts in the original text (`NormalizedString::offsets_original().0`): the start of its
    /// piece between added tokens, or for a split of a split, the origin of its first scalar.
    var originalStart: Int

    /// The split of `self` covering the normalised scalars `range`, as `NormalizedString::slice` makes it.
    func slice(_ range: Range<Int>) -> TextSplit {
        TextSplit(text: text.slice(range), originalStart: text.origins[range.lowerBound].lowerBound)
    }
}

/// One pre-tokeniser of a tokenizer.json `pre_tokenizer` (a `Sequence` lists several), run in order.
protocol PreTokenizationStep: Sendable {
    /// Appends the splits of `split` to `output` (empty splits are dropped by the caller).
    func split(_ split: TextSplit, into output: inout [TextSplit])
}

extension [any PreTokenizationStep] {
    /// Runs the steps in order over `split`, dropping empty splits after each, as `PreTokenizedString::split`.
    func splits(of split: TextSplit) -> [TextSplit] {
        var current = [split]
        var next: [TextSplit] = []
        for step in self {
            next.removeAll(keepingCapacity: true)
            for piece in current { step.split(piece, into: &next) }
            current = next.filter { !$0.text.scalars.isEmpty }
        }
        return current.filter { !$0.text.scalars.isEmpty }
    }
}

/// `WhitespaceSplit`: the runs of non-whitespace scalars (Rust's `char::is_whitespace`, Unicode `White_Space`).
struct WhitespaceSplitPreTokenizer: PreTokenizationStep {
    func split(_ split: TextSplit, into output: inout [TextSplit]) {
        split.split(where: \.properties.isWhitespace, behavior: .removed, into: &output)
    }
}
