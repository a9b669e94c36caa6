import Foundation
import Models
import Tensors
import Tokenizers

/// A hand-built one-layer BERT whose decision depends on one word, "default", and nothing else.
///
/// C = 4, one head. The word vector of "default" is `[4, 0, 0, 0]`, every other word's `[0, 1, −1, 0]`;
/// after LayerNorm only "default" has a large channel 0. Keys are `10 · h[0]` and every query is the constant
/// `[1, 0, 0, 0]`, so every row attends almost only to "default" (score ≈ 8.7 against 0). Values and the
/// attention output are the identity and the feed-forward block is zero, so the [CLS] state carries channel 0
/// of "default"; the pooler is the identity with tanh and the classifier reads `3 · pooled[0]` for label
/// "decline" against 0 for "approve". Without the word, nothing carries channel 0 and "approve" wins.
enum KnownAnswerModel {
    static let vocabulary = [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "borrower", "has", "a", "default", "on", "record",
        "and", "stable", "income", "loan", "request", ".",
    ]
    static let keyWord = "default"

    static func make() throws -> (SequenceClassifier, any Tokenizer) {
        let c = 4
        let config = ModelConfiguration(
            architecture: .bert, vocabularySize: vocabulary.count, hiddenSize: c, layerCount: 1, headCount: 1,
            intermediateSize: 4, maxPositions: 32, labels: ["approve", "decline"])
        var tensors: [String: Tensor] = [:]
        for (name, shape) in WeightNames.expectedShapes(for: config) { tensors[name] = Tensor(zeros: shape) }
        var words = Tensor(zeros: [vocabulary.count, c])
        for (id, word) in vocabulary.enumerated() {
            if word == keyWord {
                words[id, 0] = 4
            } else {
                words[id, 1] = 1
                words[id, 2] = -1
            }
        }
        tensors["embeddings.word_embeddings.weight"] = words
        let identity = Tensor(shape: [c, c], scalars: (0..<(c * c)).map { $0 % (c + 1) == 0 ? 1 : 0 })
        let ones = Tensor(shape: [c], scalars: [Float](repeating: 1, count: c))
        for norm in [
            "embeddings.LayerNorm", "encoder.layer.0.attention.output.LayerNorm", "encoder.layer.0.output.LayerNorm",
        ] {
            tensors["\(norm).weight"] = ones
        }
        var key = Tensor(zeros: [c, c])
        key[0, 0] = 10
        tensors["encoder.layer.0.attention.self.key.weight"] = key
        tensors["encoder.layer.0.attention.self.query.bias"] = Tensor(shape: [c], scalars: [1, 0, 0, 0])
        tensors["encoder.layer.0.attention.self.value.weight"] = identity
        tensors["encoder.layer.0.attention.output.dense.weight"] = identity
        tensors["pooler.dense.weight"] = identity
        var classifier = Tensor(zeros: [2, c])
        classifier[1, 0] = 3
        tensors["classifier.weight"] = classifier
        let model = SequenceClassifier(config: config, checkpoint: try Checkpoint(tensors: tensors, config: config))
        return (model, try WordPieceTokenizer(vocabulary: vocabulary))
    }
}
