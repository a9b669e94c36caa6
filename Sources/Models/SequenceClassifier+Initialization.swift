import Support
import Tensors

extension SequenceClassifier {
    /// A freshly initialised model, as `transformers`' `_init_weights` draws one: every matrix and embedding
    /// from N(0, `initializerRange`²), biases 0, LayerNorm γ = 1 and β = 0, the padding row of the word
    /// embeddings 0. Deterministic in `seed`; used for small models trained from scratch.
    public static func randomlyInitialized(
        config: ModelConfiguration, seed: UInt64, initializerRange: Float = 0.02
    ) -> SequenceClassifier {
        var generator = SeededGenerator(seed: seed)
        var tensors: [String: Tensor] = [:]
        let c = config.hiddenSize
        for (name, shape) in WeightNames.expectedShapes(for: config).sorted(by: { $0.key < $1.key }) {
            let count = shape.reduce(1, *)
            let isNorm = name.contains("LayerNorm") || name.contains("layer_norm")
            var values: [Float]
            if isNorm {
                values = [Float](repeating: name.hasSuffix(".weight") ? 1 : 0, count: count)
            } else if name.hasSuffix(".bias") {
                values = [Float](repeating: 0, count: count)
            } else {
                values = (0..<count).map { _ in initializerRange * generator.nextNormal() }
            }
            if name == "embeddings.word_embeddings.weight", config.padTokenID < config.vocabularySize {
                for j in 0..<c { values[config.padTokenID * c + j] = 0 }
            }
            tensors[name] = Tensor(shape: shape, scalars: values)
        }
        guard let checkpoint = try? Checkpoint(tensors: tensors, config: config) else {
            preconditionFailure("shapes from WeightNames.expectedShapes do not verify")
        }
        return SequenceClassifier(config: config, checkpoint: checkpoint)
    }
}
