/// Everything that can go wrong explaining a document, with the evidence.
public enum AttributionError: Error, CustomStringConvertible, Equatable {
    /// The model directory could not be loaded (its message names the file).
    case model(String)
    /// The tokenizer could not be loaded (its message names the file).
    case tokenizer(String)
    /// The tokenizer produces ids the model's embedding does not have.
    case vocabularyMismatch(directory: String, tokenizer: Int, model: Int)
    /// A window size or stride that cannot work with this model.
    case invalidWindow(size: Int, stride: Int, maximum: Int)
    /// A target label the model does not have.
    case unknownTarget(String, labels: [String])
    /// The model produced a NaN or infinite number, which must never reach a decision or a page.
    case nonFinite(directory: String, what: String, value: String)
    /// An explanation passed with a text it does not explain (their lengths in Unicode scalars differ).
    case explanationMismatch(textCharacters: Int, explanationCharacters: Int)
    /// A threshold that must be finite and not negative.
    case invalidThreshold(name: String, value: Double)

    public var description: String {
        switch self {
        case .model(let message), .tokenizer(let message): message
        case .vocabularyMismatch(let directory, let tokenizer, let model):
            "\(directory): the tokenizer has \(tokenizer) ids but the model's embedding only \(model)"
        case .invalidWindow(let size, let stride, let maximum):
            "invalid window: size \(size) and stride \(stride) must satisfy 0 < stride ≤ size ≤ \(maximum)"
        case .unknownTarget(let target, let labels):
            "unknown target '\(target)'; the model's labels are \(labels.joined(separator: ", "))"
        case .nonFinite(let directory, let what, let value):
            "\(directory): the model produced a non-finite number (\(value)) in its \(what)"
        case .explanationMismatch(let text, let explanation):
            "the explanation is of a text of \(explanation) characters, but the text has \(text)"
        case .invalidThreshold(let name, let value):
            "\(name) \(value) must be finite and not negative"
        }
    }
}
