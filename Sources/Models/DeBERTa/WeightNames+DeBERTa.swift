/// DeBERTa-v2's tensors (`DebertaV2ForSequenceClassification`, prefix `deberta.` stripped).
extension WeightNames {
    /// Tensors a checkpoint of this configuration may hold that `transformers` ignores on load: DeBERTa's
    /// absolute position table when `position_biased_input` is false (`_keys_to_ignore_on_load_unexpected`).
    static func isIgnored(_ canonical: String, config: ModelConfiguration) -> Bool {
        guard let deberta = config.deberta else { return false }
        return !deberta.positionBiasedInput && canonical == "embeddings.position_embeddings.weight"
    }

    /// Every tensor a DeBERTa-v2 configuration requires, with its shape, by canonical name.
    static func debertaShapes(for config: ModelConfiguration, _ deberta: DebertaSettings) -> [String: [Int]] {
        let (c, i, e) = (config.hiddenSize, config.intermediateSize, deberta.wordWidth(config))
        var shapes: [String: [Int]] = [:]
        func linear(_ name: String, out: Int, in input: Int) {
            shapes["\(name).weight"] = [out, input]
            shapes["\(name).bias"] = [out]
        }
        func norm(_ name: String) {
            shapes["\(name).weight"] = [c]
            shapes["\(name).bias"] = [c]
        }
        shapes["embeddings.word_embeddings.weight"] = [config.vocabularySize, e]
        if deberta.positionBiasedInput { shapes["embeddings.position_embeddings.weight"] = [config.maxPositions, e] }
        if config.typeVocabularySize > 0 {
            shapes["embeddings.token_type_embeddings.weight"] = [config.typeVocabularySize, e]
        }
        if e != c { shapes["embeddings.embed_proj.weight"] = [c, e] }  // no bias
        norm("embeddings.LayerNorm")
        if deberta.relativeAttention {
            shapes["encoder.rel_embeddings.weight"] = [2 * deberta.attentionSpan(config), c]
        }
        // DebertaV2Encoder creates the LayerNorm whenever norm_rel_ebd asks for it, relative attention or not.
        if deberta.normalizesRelativeEmbeddings { norm("encoder.LayerNorm") }
        if let convolution = deberta.convolution {
            shapes["encoder.conv.conv.weight"] = [c, c / convolution.groups, convolution.kernelSize]
            shapes["encoder.conv.conv.bias"] = [c]
            norm("encoder.conv.LayerNorm")
        }
        for layer in 0..<config.layerCount {
            let names = layerNames(layer, .debertaV2)
            linear(names.query, out: c, in: c)
            linear(names.key, out: c, in: c)
            linear(names.value, out: c, in: c)
            if deberta.relativeAttention && !deberta.shareAttentionKey {
                let p = "encoder.layer.\(layer).attention.self"
                if deberta.positionAttention.contains(.c2p) { linear("\(p).pos_key_proj", out: c, in: c) }
                if deberta.positionAttention.contains(.p2c) { linear("\(p).pos_query_proj", out: c, in: c) }
            }
            linear(names.attentionOutput, out: c, in: c)
            norm(names.attentionNorm)
            linear(names.intermediate, out: i, in: c)
            linear(names.output, out: c, in: i)
            norm(names.outputNorm)
        }
        linear("pooler.dense", out: c, in: c)
        linear("classifier", out: config.labels.count, in: c)
        return shapes
    }
}
