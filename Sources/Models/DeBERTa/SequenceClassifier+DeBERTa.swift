import Tensors

// The BERT-shaped cache of a `SequenceClassifier` that runs DeBERTa-v2 (`deberta` holds the real one): never
// read, since backward dispatches to `DebertaV2Stack` first. The classifier's `embeddings` and `head` are the
// empty stand-ins GPT-2 uses too (`Embeddings.standIn`, `ClassificationHead.standIn`).

extension SequenceClassifier.ForwardCache {
    /// A cache holding DeBERTa-v2's, the BERT-shaped fields empty.
    static func deberta(batch: TokenBatch, inputsEmbeds: Tensor, _ cache: DebertaV2Stack.Cache) -> Self {
        let empty = Tensor(zeros: [0])
        return Self(
            batch: batch, ids: [], inputsEmbeds: inputsEmbeds,
            embeddings: Embeddings.Cache(
                norm: LayerNorm.Cache(normalized: empty, inverseDeviation: []), dropout: .none, positionIDs: []),
            projectionInput: nil, layers: [],
            head: ClassificationHead.Cache(
                input: empty, activated: empty, pooled: empty, inputDropout: .none, pooledDropout: .none),
            deberta: cache)
    }
}
