import Foundation
import Support
import Tensors

@testable import Models

/// Builders of tiny random models for finite-difference and known-answer tests.
enum TinyModels {
    /// The families built on the BERT layer stack, whose known answers and training these tests check (GPT-2,
    /// DeBERTa-v2 and ModernBERT have stacks of their own and are not trained; `GPT2Tests`, `DebertaTests` and
    /// `ModernBERTTests` cover them).
    static let bertShaped: [Architecture] = Architecture.allCases.filter {
        $0 != .gpt2 && $0 != .debertaV2 && $0 != .modernbert
    }

    /// A tiny configuration of the given family: C = 8, H = 2, 2 layers, I = 16, V = 30 (ELECTRA: embeddings of
    /// width 6, projected to 8).
    static func config(_ architecture: Architecture, activation: Activation = .gelu) -> ModelConfiguration {
        let roberta = architecture.isRoBERTaFamily
        return ModelConfiguration(
            architecture: architecture, vocabularySize: 30, hiddenSize: 8, layerCount: 2, headCount: 2,
            intermediateSize: 16, activation: activation, maxPositions: roberta ? 22 : 20,
            typeVocabularySize: roberta ? 1 : 2, padTokenID: roberta ? 1 : 0,
            labels: ["approve", "refer", "decline"], embeddingSize: architecture == .electra ? 6 : nil)
    }

    /// Weights drawn uniformly from ±`scale` (LayerNorm γ around 1), deterministic in `seed`.
    static func random(_ config: ModelConfiguration, seed: UInt64, scale: Float = 0.6) -> SequenceClassifier {
        var generator = SeededGenerator(seed: seed)
        var tensors: [String: Tensor] = [:]
        for (name, shape) in WeightNames.expectedShapes(for: config).sorted(by: { $0.key < $1.key }) {
            let count = shape.reduce(1, *)
            let isGamma =
                name.hasSuffix("LayerNorm.weight") || name.hasSuffix("layer_norm.weight")
                || (name.contains("ln_") && name.hasSuffix(".weight"))  // GPT-2's ln_1, ln_2, ln_f
            let values = (0..<count).map { _ in
                (isGamma ? 1 : 0) + Float.random(in: -scale...scale, using: &generator)
            }
            tensors[name] = Tensor(shape: shape, scalars: values)
        }
        // Verification failing here is a bug in the test's own shapes: fail loudly.
        guard let checkpoint = try? Checkpoint(tensors: tensors, config: config) else {
            preconditionFailure("tiny checkpoint does not verify")
        }
        return SequenceClassifier(config: config, checkpoint: checkpoint)
    }

    /// Every tensor zero except the given overrides (known-answer models).
    static func zeros(_ config: ModelConfiguration, overrides: [String: Tensor] = [:]) -> SequenceClassifier {
        var tensors: [String: Tensor] = [:]
        for (name, shape) in WeightNames.expectedShapes(for: config) {
            tensors[name] = overrides[name] ?? Tensor(zeros: shape)
        }
        guard let checkpoint = try? Checkpoint(tensors: tensors, config: config) else {
            preconditionFailure("known-answer checkpoint does not verify")
        }
        return SequenceClassifier(config: config, checkpoint: checkpoint)
    }
}
