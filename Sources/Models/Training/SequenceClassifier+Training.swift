import Foundation
import Support
import Tensors

/// The training pass: the forward pass with dropout (a `TrainingContext`), mean cross-entropy over the batch,
/// and the backward pass with a `GradientSink` — the same layers' `forward` and `backward` that inference and
/// attribution run.
///
/// Shapes: B = sequences, L = labels. The loss is `transformers`' `CrossEntropyLoss()(logits, labels)`.
extension SequenceClassifier {
    /// The result of one training forward and backward pass.
    public struct TrainingStep: Sendable {
        /// Mean cross-entropy over the batch.
        public var loss: Float
        /// `[B, L]`.
        public var logits: Tensor
        /// ∂loss/∂θ for every parameter.
        public var gradients: ParameterGradients
    }

    /// Runs the training forward pass with dropout, the loss and the full backward pass.
    ///
    /// - Parameters:
    ///   - batch: padded on the right; padded keys are masked as in inference.
    ///   - labels: one class index per sequence.
    ///   - dropout: rates (``DropoutRates/none`` for deterministic gradient checks).
    ///   - generator: the source of dropout masks.
    /// - Throws: `ModelError` for ids outside the vocabulary, over-long sequences or bad labels.
    public func trainingStep(
        _ batch: TokenBatch, labels: [Int], dropout: DropoutRates, generator: inout SeededGenerator
    ) throws -> TrainingStep {
        guard decoder == nil else {
            throw ModelError.invalidTrainingData(
                "fine-tuning \(config.architecture.rawValue) is not supported (BERT, "
                    + "DistilBERT, RoBERTa, XLM-RoBERTa and ELECTRA are)")
        }
        try validate(labels: labels, batch: batch)
        guard deberta == nil else {
            throw ModelError.invalidTrainingData(
                "fine-tuning a '\(config.architecture.rawValue)' model is not supported (inference and attribution only)"
            )
        }
        let (ids, inputsEmbeds) = try inputs(batch)
        let context = TrainingContext(rates: dropout, architecture: config.architecture, generator: generator)
        let result = forward(batch, ids: ids, inputsEmbeds: inputsEmbeds, recording: .backward, training: context)
        generator = context.generator
        let (loss, dLogits) = CrossEntropy.mean(logits: result.logits, labels: labels)
        let sink = GradientSink()
        _ = backward(result, dLogits: dLogits, keepAttentionGradients: false, sink: sink)
        return TrainingStep(loss: loss, logits: result.logits, gradients: sink.gradients)
    }

    /// The mean cross-entropy of a batch in evaluation mode (no dropout), e.g. for finite differences.
    /// - Throws: `ModelError` as ``trainingStep(_:labels:dropout:generator:)``.
    public func loss(_ batch: TokenBatch, labels: [Int]) throws -> Float {
        try validate(labels: labels, batch: batch)
        return CrossEntropy.mean(logits: try forward(batch, recording: .logits).logits, labels: labels).loss
    }

    /// Checks one label per sequence, each a class index.
    private func validate(labels: [Int], batch: TokenBatch) throws {
        guard modernBERT == nil else {
            throw ModelError.invalidTrainingData(
                "fine-tuning ModernBERT is not supported (inference and attribution are); use a BERT, DistilBERT, "
                    + "RoBERTa, XLM-RoBERTa or ELECTRA base model")
        }
        guard labels.count == batch.count else {
            throw ModelError.invalidTrainingData("\(labels.count) labels for a batch of \(batch.count)")
        }
        if let bad = labels.first(where: { $0 < 0 || $0 >= config.labels.count }) {
            throw ModelError.invalidTrainingData("label index \(bad) outside 0..<\(config.labels.count)")
        }
    }
}
