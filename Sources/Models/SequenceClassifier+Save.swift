import Foundation
import Support
import Tensors

/// Saving a classifier as a Hugging Face checkpoint that `transformers` loads with
/// `AutoModelForSequenceClassification.from_pretrained`: `config.json` and `model.safetensors`.
extension SequenceClassifier {
    /// Writes `config.json` and `model.safetensors` into `directory` (created if needed).
    ///
    /// Tensor names are those `transformers` writes (`bert.…` + `classifier.…` for BERT; see
    /// `WeightNames.checkpointName`). The configuration starts from `baseConfiguration` (the base model's
    /// `config.json`, so that keys the engine does not model are kept) and overrides every size, the labels
    /// (`id2label`, `label2id`), `architectures` and the dropout rates.
    ///
    /// - Parameters:
    ///   - directory: the output folder.
    ///   - precision: F32 or F16 weights.
    ///   - baseConfiguration: the JSON of the base `config.json`, or nil for a model built from scratch.
    ///   - dropout: the rates recorded in the configuration.
    /// - Throws: `ModelError.unwritable` naming the file, or `.invalidConfiguration` for an unreadable base.
    public func save(
        to directory: URL, precision: SafetensorsWriter.Precision = .float32, baseConfiguration: Data? = nil,
        dropout: DropoutRates = .bert
    ) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ModelError.unwritable(file: directory.path, reason: error.localizedDescription)
        }
        let configURL = directory.appendingPathComponent("config.json")
        let json = try configurationJSON(base: baseConfiguration, precision: precision, dropout: dropout)
        do {
            try AtomicFile.write(json, to: configURL)
        } catch let failure as AtomicFile.Failure {
            throw ModelError.unwritable(file: configURL.path, reason: failure.reason)
        }
        var writer = SafetensorsWriter()
        for (name, tensor) in parameters {
            writer.add(WeightNames.checkpointName(name, config.architecture), tensor)
        }
        let weightsURL = directory.appendingPathComponent("model.safetensors")
        do {
            try writer.write(to: weightsURL, precision: precision)
        } catch let error as TensorsError {
            throw ModelError.unwritable(file: weightsURL.path, reason: error.description)
        }
    }

    /// The `config.json` contents `save` writes (sorted keys, pretty-printed).
    public func configurationJSON(
        base: Data?, precision: SafetensorsWriter.Precision = .float32, dropout: DropoutRates = .bert
    ) throws -> Data {
        var object: [String: Any] = [:]
        if let base {
            guard let parsed = try? JSONSerialization.jsonObject(with: base) as? [String: Any] else {
                throw ModelError.invalidConfiguration(file: "base config.json", detail: "not a JSON object")
            }
            object = parsed
        }
        let c = config
        // Decimal spelling of Float values (1e-12, not 9.99999996e-13).
        func decimal(_ value: Float) -> Double { Double("\(value)") ?? Double(value) }
        for key in ["_name_or_path", "num_labels", "torch_dtype"] { object.removeValue(forKey: key) }
        object["model_type"] = c.architecture.rawValue
        object["vocab_size"] = c.vocabularySize
        object["max_position_embeddings"] = c.maxPositions
        object["pad_token_id"] = c.padTokenID
        object["initializer_range"] = object["initializer_range"] ?? 0.02
        switch c.architecture {
        case .bert, .roberta, .electra, .xlmRoberta:
            object["architectures"] = [c.architecture.sequenceClassifierClass]
            if c.architecture == .electra { object["embedding_size"] = c.embeddingSize }
            object["hidden_size"] = c.hiddenSize
            object["num_hidden_layers"] = c.layerCount
            object["num_attention_heads"] = c.headCount
            object["intermediate_size"] = c.intermediateSize
            object["hidden_act"] = c.activation.rawValue
            object["type_vocab_size"] = c.typeVocabularySize
            object["layer_norm_eps"] = decimal(c.layerNormEpsilon)
            object["hidden_dropout_prob"] = decimal(dropout.hidden)
            object["attention_probs_dropout_prob"] = decimal(dropout.attention)
            object["classifier_dropout"] = decimal(dropout.classifier)
        case .gpt2:
            object["architectures"] = [c.architecture.sequenceClassifierClass]
            object["n_embd"] = c.hiddenSize
            object["n_layer"] = c.layerCount
            object["n_head"] = c.headCount
            object["n_inner"] = c.intermediateSize
            object["n_positions"] = c.maxPositions
            object["activation_function"] = c.activation.rawValue
            object["layer_norm_epsilon"] = decimal(c.layerNormEpsilon)
            if !c.hasPadToken { object.removeValue(forKey: "pad_token_id") }
            object.removeValue(forKey: "type_vocab_size")
        case .debertaV2:
            throw ModelError.invalidConfiguration(
                file: "config.json", detail: "saving a DeBERTa-v2 model is not supported (the engine does not train it)"
            )
        case .modernbert:
            throw ModelError.invalidConfiguration(
                file: "config.json", detail: "saving a ModernBERT classifier is not supported (it is not trained here)")
        case .distilbert:
            object["architectures"] = [c.architecture.sequenceClassifierClass]
            object["dim"] = c.hiddenSize
            object["n_layers"] = c.layerCount
            object["n_heads"] = c.headCount
            object["hidden_dim"] = c.intermediateSize
            object["activation"] = c.activation.rawValue
            object["dropout"] = decimal(dropout.hidden)
            object["attention_dropout"] = decimal(dropout.attention)
            object["seq_classif_dropout"] = decimal(dropout.classifier)
        }
        var id2label: [String: String] = [:]
        var label2id: [String: Int] = [:]
        for (index, label) in c.labels.enumerated() {
            id2label[String(index)] = label
            label2id[label] = index
        }
        object["id2label"] = id2label
        object["label2id"] = label2id
        object["dtype"] = precision == .float16 ? "float16" : "float32"
        do {
            return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        } catch {
            throw ModelError.invalidConfiguration(file: "config.json", detail: "cannot encode: \(error)")
        }
    }
}
