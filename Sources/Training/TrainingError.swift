/// Everything that can go wrong preparing or finishing a fine-tuning run; each case names the file (and line)
/// and says what is wrong, as `<file>: <what is wrong>`.
public enum TrainingError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The training data cannot be read or parsed (`path` may carry `:line`).
    case unreadableData(path: String, reason: String)
    /// A document's label is not among the run's labels.
    case unknownLabel(path: String, document: Int, label: String)
    /// The data (or `--labels`) gives fewer than two distinct labels.
    case tooFewLabels(path: String)
    /// The data declares the same label name twice.
    case repeatedLabel(path: String, label: String)
    /// The base model's configuration cannot be read or decoded.
    case unreadableBase(path: String, reason: String)
    /// The saved tokenizer files do not reproduce the ids trained on.
    case tokenizerMismatch(path: String)

    public var description: String {
        switch self {
        case .unreadableData(let path, let reason): "\(path): \(reason)"
        case .unknownLabel(let path, let document, let label):
            "\(path): document \(document) has label '\(label)', not one of the run's labels"
        case .tooFewLabels(let path): "\(path): the data holds fewer than two labels"
        case .repeatedLabel(let path, let label): "\(path): the label '\(label)' appears twice in labelNames"
        case .unreadableBase(let path, let reason): "\(path): cannot read the base configuration: \(reason)"
        case .tokenizerMismatch(let path): "\(path): the saved tokenizer files do not reproduce the training ids"
        }
    }
}
