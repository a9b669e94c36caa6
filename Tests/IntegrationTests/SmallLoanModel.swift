import Corpus
import Models
import Tokenizers
import Training

/// The small BERT the fairness tests train from scratch on generated loan documents: 2 layers, C = 64, 4 heads,
/// a WordPiece vocabulary of 1,500 built from the training texts, 8 epochs of batches of 8 at learning rate 1e-3.
enum SmallLoanModel {
    /// Trains the model on `documents`.
    /// - Returns: The trained model and its tokenizer.
    static func train(_ documents: [CorpusDocument], seed: UInt64) throws -> (SequenceClassifier, WordPieceTokenizer) {
        let vocabulary = WordPieceVocabularyBuilder(size: 1500).build(from: documents.map(\.text))
        let tokenizer = try WordPieceTokenizer(vocabulary: vocabulary)
        let config = ModelConfiguration(
            architecture: .bert, vocabularySize: vocabulary.count, hiddenSize: 64, layerCount: 2, headCount: 4,
            intermediateSize: 128, maxPositions: 256, labels: documents[0].labelNames)
        var options = Trainer.Options()
        options.epochs = 8
        options.batchSize = 8
        options.learningRate = 1e-3
        options.seed = seed
        var trainer = Trainer(
            model: SequenceClassifier.randomlyInitialized(config: config, seed: seed), options: options)
        _ = try trainer.train(examples(documents, tokenizer), validation: [])
        return (trainer.model, tokenizer)
    }

    /// The documents encoded as training examples (at most 256 tokens).
    static func examples(_ documents: [CorpusDocument], _ tokenizer: WordPieceTokenizer) -> [TrainingExample] {
        documents.map {
            TrainingExample(
                ids: tokenizer.encode($0.text, addSpecialTokens: true, maxLength: 256).ids, label: $0.labelIndex)
        }
    }
}
