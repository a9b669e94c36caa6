import Foundation

/// Errors raised while loading or building a tokenizer; every case names the file and what is wrong.
public enum TokenizerError: Error, CustomStringConvertible, Equatable {
    /// The directory holds none of the files a tokenizer can be loaded from.
    case missingVocabulary(directory: URL, lookedFor: [String])
    /// A file exists but could not be read.
    case unreadableFile(URL, reason: String)
    /// A JSON file is not valid JSON or does not have the expected shape.
    case malformedJSON(file: URL, detail: String)
    /// `model.type` in tokenizer.json is not one this module implements (WordPiece, BPE, Unigram).
    case unsupportedModel(type: String, file: URL)
    /// A normalizer, pre-tokenizer, post-processor or model option this module does not implement.
    case unsupportedComponent(component: String, type: String, file: URL?)
    /// A token the configuration needs (unknown, start, end, ...) is not in the vocabulary.
    case missingToken(role: String, token: String, file: URL?)
    /// A vocabulary has no tokens, or a line or entry cannot be used.
    case malformedVocabulary(file: URL?, detail: String)
    /// A BPE merge refers to tokens that are not in the vocabulary, or is not a pair.
    case malformedMerge(file: URL?, index: Int, entry: String)

    public var description: String {
        switch self {
        case .missingVocabulary(let directory, let lookedFor):
            return "no tokenizer in \(directory.path): looked for \(lookedFor.joined(separator: ", "))"
        case .unreadableFile(let file, let reason):
            return "cannot read \(file.path): \(reason)"
        case .malformedJSON(let file, let detail):
            return "malformed JSON in \(file.path): \(detail)"
        case .unsupportedModel(let type, let file):
            return "unsupported tokenizer model type '\(type)' in \(file.path) (supported: WordPiece, BPE, Unigram)"
        case .unsupportedComponent(let component, let type, let file):
            return "unsupported \(component) '\(type)'" + (file.map { " in \($0.path)" } ?? "")
        case .missingToken(let role, let token, let file):
            return "the \(role) token '\(token)' is not in the vocabulary" + (file.map { " of \($0.path)" } ?? "")
        case .malformedVocabulary(let file, let detail):
            return "malformed vocabulary" + (file.map { " in \($0.path)" } ?? "") + ": \(detail)"
        case .malformedMerge(let file, let index, let entry):
            return "malformed BPE merge #\(index) '\(entry)'" + (file.map { " in \($0.path)" } ?? "")
        }
    }
}
