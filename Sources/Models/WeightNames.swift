/// Maps checkpoint tensor names to the engine's canonical names and lists what each architecture needs.
///
/// Canonical names are the checkpoint's names without the base-model prefix (`bert.`, `roberta.`,
/// `distilbert.`), with the legacy `LayerNorm.gamma`/`beta` spelling turned into `weight`/`bias` as
/// `transformers` does on load. Head tensors (`classifier.*`, `pre_classifier.*`) carry no prefix in either form.
public enum WeightNames {
    /// The base-model prefixes `transformers` writes for each family.
    static let prefixes = ["bert.", "roberta.", "distilbert.", "electra.", "deberta.", "model."]

    /// Buffers that checkpoints may carry and the engine recomputes: tolerated and ignored.
    static let ignoredSuffixes = ["embeddings.position_ids", "embeddings.token_type_ids"]

    /// The canonical name of a checkpoint tensor.
    public static func canonical(_ name: String) -> String {
        var name = name
        // GPT-2's base-model prefix, recognised by what follows it (DistilBERT's `transformer.layer.…` keeps its own).
        if name.hasPrefix("transformer."),
            ["h.", "wte.", "wpe.", "ln_f."].contains(where: { name.dropFirst(12).hasPrefix($0) })
        {
            return String(name.dropFirst(12))
        }
        for prefix in prefixes where name.hasPrefix(prefix) {
            name.removeFirst(prefix.count)
            break
        }
        if name.hasSuffix(".gamma") { name = String(name.dropLast(6)) + ".weight" }
        if name.hasSuffix(".beta") { name = String(name.dropLast(5)) + ".bias" }
        return name
    }

    /// Whether a checkpoint tensor is a buffer the engine tolerates and ignores.
    static func isIgnored(_ canonicalName: String) -> Bool {
        ignoredSuffixes.contains { canonicalName == $0 }
            || (canonicalName.hasPrefix("h.")
                && (canonicalName.hasSuffix(".attn.bias") || canonicalName.hasSuffix(".attn.masked_bias")))
    }

    /// Every tensor the configuration requires, with its shape, by canonical name.
    public static func expectedShapes(for config: ModelConfiguration) -> [String: [Int]] {
        if config.architecture == .gpt2 { return gpt2Shapes(for: config) }
        if let deberta = config.deberta { return debertaShapes(for: config, deberta) }
        if config.architecture == .modernbert { return ModernBERTEncoder.expectedShapes(for: config) }
        let c = config.hiddenSize
        let e = config.embeddingSize
        let i = config.intermediateSize
        var shapes: [String: [Int]] = [:]
        func linear(_ name: String, out: Int, in input: Int) {
            shapes["\(name).weight"] = [out, input]
            shapes["\(name).bias"] = [out]
        }
        func norm(_ name: String, width: Int? = nil) {
            shapes["\(name).weight"] = [width ?? c]
            shapes["\(name).bias"] = [width ?? c]
        }
        shapes["embeddings.word_embeddings.weight"] = [config.vocabularySize, e]
        shapes["embeddings.position_embeddings.weight"] = [config.maxPositions, e]
        norm("embeddings.LayerNorm", width: e)
        if e != c { linear(embeddingsProjection, out: c, in: e) }
        for layer in 0..<config.layerCount {
            let names = layerNames(layer, config.architecture)
            linear(names.query, out: c, in: c)
            linear(names.key, out: c, in: c)
            linear(names.value, out: c, in: c)
            linear(names.attentionOutput, out: c, in: c)
            norm(names.attentionNorm)
            linear(names.intermediate, out: i, in: c)
            linear(names.output, out: c, in: i)
            norm(names.outputNorm)
        }
        let head = headNames(config.architecture)
        linear(head.dense, out: c, in: c)
        linear(head.output, out: config.labels.count, in: c)
        if config.architecture != .distilbert {
            shapes["embeddings.token_type_embeddings.weight"] = [config.typeVocabularySize, e]
        }
        return shapes
    }

    /// Canonical names of one encoder layer's tensors (without `.weight`/`.bias`).
    public struct LayerNames: Sendable {
        public let query, key, value, attentionOutput, attentionNorm, intermediate, output, outputNorm: String
    }

    static func layerNames(_ layer: Int, _ architecture: Architecture) -> LayerNames {
        switch architecture {
        case .debertaV2:
            let p = "encoder.layer.\(layer)"
            return LayerNames(
                query: "\(p).attention.self.query_proj", key: "\(p).attention.self.key_proj",
                value: "\(p).attention.self.value_proj", attentionOutput: "\(p).attention.output.dense",
                attentionNorm: "\(p).attention.output.LayerNorm", intermediate: "\(p).intermediate.dense",
                output: "\(p).output.dense", outputNorm: "\(p).output.LayerNorm")
        case .bert, .roberta, .electra, .xlmRoberta:
            let p = "encoder.layer.\(layer)"
            return LayerNames(
                query: "\(p).attention.self.query", key: "\(p).attention.self.key",
                value: "\(p).attention.self.value", attentionOutput: "\(p).attention.output.dense",
                attentionNorm: "\(p).attention.output.LayerNorm", intermediate: "\(p).intermediate.dense",
                output: "\(p).output.dense", outputNorm: "\(p).output.LayerNorm")
        case .gpt2:  // not an encoder layer: GPT2Decoder names its tensors itself; these name the same weights
            let p = "h.\(layer)"
            return LayerNames(
                query: "\(p).attn.c_attn", key: "\(p).attn.c_attn", value: "\(p).attn.c_attn",
                attentionOutput: "\(p).attn.c_proj", attentionNorm: "\(p).ln_1", intermediate: "\(p).mlp.c_fc",
                output: "\(p).mlp.c_proj", outputNorm: "\(p).ln_2")
        case .distilbert:
            let p = "transformer.layer.\(layer)"
            return LayerNames(
                query: "\(p).attention.q_lin", key: "\(p).attention.k_lin", value: "\(p).attention.v_lin",
                attentionOutput: "\(p).attention.out_lin", attentionNorm: "\(p).sa_layer_norm",
                intermediate: "\(p).ffn.lin1", output: "\(p).ffn.lin2", outputNorm: "\(p).output_layer_norm")
        case .modernbert:  // not BERT-shaped: ModernBERTEncoder names its own tensors; these only label the layer
            let p = "layers.\(layer)"
            return LayerNames(
                query: "\(p).attn.Wqkv", key: "\(p).attn.Wqkv", value: "\(p).attn.Wqkv",
                attentionOutput: "\(p).attn.Wo",
                attentionNorm: "\(p).attn_norm", intermediate: "\(p).mlp.Wi", output: "\(p).mlp.Wo",
                outputNorm: "\(p).mlp_norm")
        }
    }

    /// The encoder layer a canonical name belongs to (`encoder.layer.3.…` or `transformer.layer.3.…` → 3), if any.
    static func layerIndex(of canonical: String) -> Int? {
        let parts = canonical.split(separator: ".", maxSplits: 3)
        if parts.count >= 2, parts[0] == "h" { return Int(parts[1]) }  // GPT-2: h.3.…
        if parts.count >= 2, parts[0] == "layers" { return Int(parts[1]) }  // ModernBERT
        guard parts.count >= 3, parts[0] == "encoder" || parts[0] == "transformer", parts[1] == "layer" else {
            return nil
        }
        return Int(parts[2])
    }

    /// Canonical names of the classification head's two linear layers.
    static func headNames(_ architecture: Architecture) -> (dense: String, output: String) {
        switch architecture {
        case .bert, .debertaV2: ("pooler.dense", "classifier")
        case .distilbert: ("pre_classifier", "classifier")
        case .roberta, .electra, .xlmRoberta: ("classifier.dense", "classifier.out_proj")
        case .gpt2: ("score", "score")  // one bias-free layer; GPT2Decoder reads it
        case .modernbert: ("head.dense", "classifier")
        }
    }

    /// ELECTRA's projection from the embedding width to the hidden width (present when they differ).
    public static let embeddingsProjection = "embeddings_project"

    /// Whether a canonical name belongs to the classification head (including BERT's pooler).
    public static func isHead(_ canonical: String) -> Bool {
        canonical.hasPrefix("classifier") || canonical.hasPrefix("pre_classifier") || canonical.hasPrefix("pooler")
            || canonical.hasPrefix("score.") || canonical.hasPrefix("head.")
    }

    /// The checkpoint name `transformers` writes for a canonical name, for error messages and for saving.
    public static func checkpointName(_ canonical: String, _ architecture: Architecture) -> String {
        if canonical.hasPrefix("classifier") || canonical.hasPrefix("pre_classifier") || canonical.hasPrefix("score.") {
            return canonical
        }
        if architecture == .modernbert, canonical.hasPrefix("head.") { return canonical }
        return architecture.weightPrefix + canonical
    }
}
