import Tensors

// Placeholders for the BERT-shaped stack of a `SequenceClassifier` that runs DeBERTa-v2 (`deberta` holds the
// real one): never read, since forward and backward dispatch to `DebertaV2Stack` first.

extension SequenceClassifier.ForwardCache {
    /// A cache holding DeBERTa-v2's, the BERT-shaped fields empty.
    static func deberta(batch: TokenBatch, inputsEmbeds: Tensor, _ cache: DebertaV2Stack.Cache) -> Self {
        let empty = Tensor(zeros: [0])
        return Self(
            batch: batch, ids: [], inputsEmbeds: inputsEmbeds,
            embeddings: Embeddings.Cache(
                norm: LayerNorm.Cache(normalized: empty, inverseDeviation: []), dropout: .none, positionIDs: []),
            layers: [],
            head: ClassificationHead.Cache(
                input: empty, activated: empty, pooled: empty, inputDropout: .none, pooledDropout: .none),
            deberta: cache)
    }
}

extension Embeddings {
    /// Empty tables (DeBERTa-v2 keeps its embeddings in `DebertaV2Stack`).
    static func placeholder(_ config: ModelConfiguration) -> Embeddings {
        Embeddings(placeholderFor: config)
    }

    private init(placeholderFor config: ModelConfiguration) {
        words = Tensor(zeros: [0, config.hiddenSize])
        positions = Tensor(zeros: [0, config.hiddenSize])
        tokenTypes = nil
        norm = LayerNorm(weight: Tensor(zeros: [0]), bias: Tensor(zeros: [0]), epsilon: config.layerNormEpsilon)
        architecture = config.architecture
        padTokenID = config.padTokenID
    }
}

extension ClassificationHead {
    /// Empty layers (DeBERTa-v2's pooler and classifier live in `DebertaV2Stack`).
    static func placeholder(_ config: ModelConfiguration) -> ClassificationHead {
        ClassificationHead(placeholderFor: config)
    }

    private init(placeholderFor config: ModelConfiguration) {
        let empty = Linear(weight: Tensor(zeros: [0, 0]), bias: Tensor(zeros: [0]))
        dense = empty
        output = empty
        usesTanh = false
    }
}

extension LayerNorm {
    /// A layer normalisation with the given parameters.
    init(weight: Tensor, bias: Tensor, epsilon: Float) {
        self.weight = weight
        self.bias = bias
        self.epsilon = epsilon
    }
}
