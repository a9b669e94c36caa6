/// Everything that can go wrong in the Corpus module; each case carries the evidence.
public enum CorpusError: Error, Equatable, CustomStringConvertible {
    /// An output path exists but is not a directory.
    case notADirectory(path: String)
    /// A directory could not be created.
    case cannotCreateDirectory(path: String, reason: String)
    /// A file could not be written (the temporary file or the final rename failed).
    case cannotWrite(path: String, reason: String)
    /// A document could not be encoded as JSON.
    case cannotEncode(id: String, reason: String)
    /// A JSON Lines file could not be read or decoded.
    case cannotDecode(path: String, line: Int, reason: String)
    /// A biased mode was requested for an attribute the document kind never mentions.
    case unsupportedBias(kind: DocumentKind, attribute: ProtectedAttribute)
    /// A bias strength outside `0...1`.
    case invalidBiasStrength(Double)
    /// Split fractions that are negative or sum to more than one.
    case invalidSplitFractions(train: Double, validation: Double)
    /// A counterfactual value the attribute does not have.
    case unknownAttributeValue(attribute: ProtectedAttribute, value: String)

    public var description: String {
        switch self {
        case .notADirectory(let path):
            return "\(path): exists and is not a directory"
        case .cannotCreateDirectory(let path, let reason):
            return "\(path): cannot create directory (\(reason))"
        case .cannotWrite(let path, let reason):
            return "\(path): cannot write (\(reason))"
        case .cannotEncode(let id, let reason):
            return "document \(id): cannot encode as JSON (\(reason))"
        case .cannotDecode(let path, let line, let reason):
            return "\(path):\(line): cannot decode corpus document (\(reason))"
        case .unsupportedBias(let kind, let attribute):
            return "\(kind.rawValue) documents never mention \(attribute.rawValue); choose another biased attribute"
        case .invalidBiasStrength(let strength):
            return "bias strength \(strength) is outside 0...1"
        case .invalidSplitFractions(let train, let validation):
            return "split fractions train \(train) + validation \(validation) must be non-negative and sum to ≤ 1"
        case .unknownAttributeValue(let attribute, let value):
            return "\(attribute.rawValue) has no value \"\(value)\""
        }
    }
}
