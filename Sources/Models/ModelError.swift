/// Everything that can go wrong loading or running a model, each case carrying the evidence.
public enum ModelError: Error, CustomStringConvertible, Equatable {
    /// `config.json` is missing or is not JSON.
    case unreadableConfiguration(file: String, reason: String)
    /// `config.json` is JSON but lacks a size or holds an impossible value.
    case invalidConfiguration(file: String, detail: String)
    /// `model_type` names a family the engine does not run.
    case unsupportedArchitecture(file: String, modelType: String)
    /// No weights file in the model directory.
    case missingWeights(directory: String, detail: String)
    /// The sharded-checkpoint index is malformed or names a missing file.
    case invalidIndex(file: String, detail: String)
    /// A tensor the configuration requires is not in the checkpoint.
    case missingTensor(file: String, tensor: String, hint: String)
    /// The checkpoint holds a tensor this architecture does not use.
    case unexpectedTensor(file: String, tensor: String)
    /// A tensor's shape disagrees with the configuration.
    case shapeMismatch(file: String, tensor: String, expected: [Int], actual: [Int])
    /// A tensor holds NaN or infinite values.
    case nonFiniteWeights(file: String, tensor: String)
    /// An input token id is outside the vocabulary.
    case tokenOutOfVocabulary(id: Int, vocabularySize: Int)
    /// An input is longer than the model's positions allow.
    case sequenceTooLong(length: Int, maximum: Int)
    /// An input has no tokens at all.
    case emptySequence
    /// A wrapped lower-level error (safetensors parsing), already naming its file.
    case weights(String)
    /// Training data or options that cannot be used (labels out of range, empty splits, …).
    case invalidTrainingData(String)
    /// A file of a saved checkpoint could not be written.
    case unwritable(file: String, reason: String)

    public var description: String {
        switch self {
        case .unreadableConfiguration(let file, let reason): "\(file): \(reason)"
        case .invalidConfiguration(let file, let detail): "\(file): invalid model configuration: \(detail)"
        case .unsupportedArchitecture(let file, let modelType):
            "\(file): model_type '\(modelType)' is not supported (supported: "
                + Architecture.allCases.map(\.rawValue).joined(separator: ", ") + ")"
        case .missingWeights(let directory, let detail): "\(directory): no model weights: \(detail)"
        case .invalidIndex(let file, let detail): "\(file): invalid checkpoint index: \(detail)"
        case .missingTensor(let file, let tensor, let hint):
            "\(file): missing tensor '\(tensor)'" + (hint.isEmpty ? "" : " (\(hint))")
        case .unexpectedTensor(let file, let tensor):
            "\(file): unexpected tensor '\(tensor)' for this architecture"
        case .shapeMismatch(let file, let tensor, let expected, let actual):
            "\(file): tensor '\(tensor)' has shape \(actual), the configuration requires \(expected)"
        case .nonFiniteWeights(let file, let tensor): "\(file): tensor '\(tensor)' holds NaN or infinite values"
        case .tokenOutOfVocabulary(let id, let size): "token id \(id) is outside the vocabulary of \(size)"
        case .sequenceTooLong(let length, let maximum):
            "sequence of \(length) tokens exceeds the model's maximum of \(maximum)"
        case .emptySequence: "empty token sequence"
        case .weights(let message): message
        case .invalidTrainingData(let detail): "invalid training data: \(detail)"
        case .unwritable(let file, let reason): "\(file): cannot write: \(reason)"
        }
    }
}
