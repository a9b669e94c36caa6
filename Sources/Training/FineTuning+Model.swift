import Foundation
import Models
import Support
import Tensors
import Tokenizers

extension FineTuning {
    /// The model to train, its tokenizer, the base `config.json` bytes (nil from scratch), the dropout rates and
    /// how the report names the start.
    struct PreparedModel {
        var model: SequenceClassifier
        var tokenizer: any Tokenizer
        var baseConfiguration: Data?
        var dropout: DropoutRates
        var baseDescription: String
    }

    /// The tokenizer files copied from a base model to the output folder, where present.
    static let tokenizerFiles = [
        "tokenizer.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json", "vocab.json", "merges.txt",
    ]

    /// Builds the model and tokenizer for `labels`: a new head on the base encoder (its tokenizer files copied to
    /// the output folder), or a small BERT with a vocabulary built from `trainingTexts` (written as vocab.txt).
    func prepareModel(labels: [String], trainingTexts: [String]) throws -> PreparedModel {
        let uniform = options.dropout.map { DropoutRates(hidden: $0, attention: $0, classifier: $0) }
        switch options.start {
        case .scratch(let shape):
            let vocabulary = WordPieceVocabularyBuilder(size: shape.vocabularySize).build(from: trainingTexts)
            let tokenizer = try WordPieceTokenizer(vocabulary: vocabulary)
            try WordPieceVocabularyBuilder.write(vocabulary, to: options.out, maxLength: options.maxLength)
            let config = ModelConfiguration(
                architecture: .bert, vocabularySize: vocabulary.count, hiddenSize: shape.hiddenSize,
                layerCount: shape.layers, headCount: shape.heads, intermediateSize: shape.intermediateSize,
                maxPositions: options.maxLength, labels: labels)
            let model = SequenceClassifier.randomlyInitialized(config: config, seed: options.trainer.seed)
            return PreparedModel(
                model: model, tokenizer: tokenizer, baseConfiguration: nil,
                dropout: uniform ?? DropoutRates(hidden: 0.1, attention: 0.1, classifier: 0.1),
                baseDescription: "(from scratch)")
        case .base(let base):
            let configURL = base.appendingPathComponent("config.json")
            let configData: Data
            let declared: BaseDropoutConfiguration
            do {
                configData = try Data(contentsOf: configURL)
                declared = try JSONDecoder().decode(BaseDropoutConfiguration.self, from: configData)
            } catch {
                throw TrainingError.unreadableBase(path: configURL.path, reason: AtomicFile.reason(error))
            }
            let model = try SequenceClassifier.load(directory: base, newHeadFor: labels, seed: options.trainer.seed)
            let tokenizer = try TokenizerLoader.load(directory: base)
            for name in Self.tokenizerFiles {
                let source = base.appendingPathComponent(name)
                guard FileManager.default.fileExists(atPath: source.path) else { continue }
                let contents: Data
                do {
                    contents = try Data(contentsOf: source)
                } catch {
                    throw TrainingError.unreadableBase(path: source.path, reason: AtomicFile.reason(error))
                }
                try AtomicFile.write(contents, to: options.out.appendingPathComponent(name))
            }
            return PreparedModel(
                model: model, tokenizer: tokenizer, baseConfiguration: configData,
                dropout: uniform ?? declared.rates(for: model.config.architecture), baseDescription: base.relativePath)
        }
    }
}
