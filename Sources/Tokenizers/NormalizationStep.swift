/// One normaliser of a tokenizer.json `normalizer` (a `Sequence` lists several), applied in place.
protocol NormalizationStep: Sendable {
    /// Rewrites `text`, keeping for every scalar the original range it came from.
    func normalize(_ text: inout NormalizedText)
}

/// The `normalizer` of a tokenizer.json: BERT's, or a list of steps run in order (`Sequence`, or a single one).
enum TextNormalization: Sendable {
    /// `BertNormalizer`.
    case bert(BertNormalizer)
    /// `Precompiled`, `Replace`, `Strip`, `Lowercase`, `NFC`, ..., in order.
    case steps([any NormalizationStep])

    /// Normalises `original[range]` (one piece of text between added tokens).
    func normalize(_ original: [Unicode.Scalar], range: Range<Int>) -> NormalizedText {
        switch self {
        case .bert(let bert):
            return bert.normalize(original, range: range)
        case .steps(let steps):
            var text = NormalizedText(identityOf: original, range: range)
            for step in steps { step.normalize(&text) }
            return text
        }
    }

    /// BERT's normaliser, when that is the one in use.
    var bert: BertNormalizer? {
        if case .bert(let bert) = self { return bert }
        return nil
    }
}
