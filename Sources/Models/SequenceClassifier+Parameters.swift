import Tensors

/// Access to every trainable tensor of a classifier by canonical name, for optimisers and for saving.
extension SequenceClassifier {
    /// Calls `body` with each parameter's canonical name and the tensor itself, in a fixed order
    /// (embeddings, layers, head), so that an optimiser can update weights in place.
    public mutating func updateParameters(_ body: (String, inout Tensor) -> Void) {
        if var decoder {
            self.decoder = nil  // keep the buffers uniquely referenced while `body` mutates them
            decoder.updateParameters(body)
            self.decoder = decoder
            return
        }
        body("embeddings.word_embeddings.weight", &embeddings.words)
        body("embeddings.position_embeddings.weight", &embeddings.positions)
        if var types = embeddings.tokenTypes {
            embeddings.tokenTypes = nil  // keep the buffer uniquely referenced while `body` mutates it
            body("embeddings.token_type_embeddings.weight", &types)
            embeddings.tokenTypes = types
        }
        body("embeddings.LayerNorm.weight", &embeddings.norm.weight)
        body("embeddings.LayerNorm.bias", &embeddings.norm.bias)
        if var projection = embeddingsProjection {
            embeddingsProjection = nil  // keep the buffers uniquely referenced while `body` mutates them
            body("\(WeightNames.embeddingsProjection).weight", &projection.weight)
            body("\(WeightNames.embeddingsProjection).bias", &projection.bias)
            embeddingsProjection = projection
        }
        let architecture = config.architecture
        for index in layers.indices {
            let names = WeightNames.layerNames(index, architecture)
            func linear(_ name: String, _ layer: inout Linear) {
                body("\(name).weight", &layer.weight)
                body("\(name).bias", &layer.bias)
            }
            func norm(_ name: String, _ layer: inout LayerNorm) {
                body("\(name).weight", &layer.weight)
                body("\(name).bias", &layer.bias)
            }
            linear(names.query, &layers[index].attention.query)
            linear(names.key, &layers[index].attention.key)
            linear(names.value, &layers[index].attention.value)
            linear(names.attentionOutput, &layers[index].attentionOutput)
            norm(names.attentionNorm, &layers[index].attentionNorm)
            linear(names.intermediate, &layers[index].intermediate)
            linear(names.output, &layers[index].output)
            norm(names.outputNorm, &layers[index].outputNorm)
        }
        let head = WeightNames.headNames(architecture)
        body("\(head.dense).weight", &self.head.dense.weight)
        body("\(head.dense).bias", &self.head.dense.bias)
        body("\(head.output).weight", &self.head.output.weight)
        body("\(head.output).bias", &self.head.output.bias)
    }

    /// Every parameter by canonical name (a copy-on-write snapshot; cheap until either side changes).
    public var parameters: [String: Tensor] {
        var copy = self
        var result: [String: Tensor] = [:]
        copy.updateParameters { name, tensor in result[name] = tensor }
        return result
    }
}
