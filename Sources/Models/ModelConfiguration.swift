import Foundation

/// The encoder families the engine runs.
public enum Architecture: String, Sendable, Codable, CaseIterable {
    /// BERT and BERT-shaped models such as MiniLM (`model_type: "bert"`).
    case bert
    /// DistilBERT (`model_type: "distilbert"`): no token types, no pooler, `pre_classifier` head.
    case distilbert
    /// RoBERTa (`model_type: "roberta"`): positions offset past the padding index, `<s>`-token head.
    case roberta
    /// ModernBERT (`model_type: "modernbert"`): rotary positions, alternating global and sliding-window attention,
    /// pre-norm layers with a GeGLU feed-forward, `[CLS]` or mean pooling (see `ModernBERTEncoder`).
    case modernbert
}

/// The feed-forward activation named by `hidden_act` / `activation`.
public enum Activation: String, Sendable, Codable {
    /// Exact GELU, `x · Φ(x)` with the error function (`transformers`' `"gelu"`).
    case gelu
    /// The tanh approximation (`"gelu_new"`, `"gelu_pytorch_tanh"`).
    case geluTanh = "gelu_new"
    /// `max(0, x)`.
    case relu
}

/// A Hugging Face `config.json` for a sequence classifier, decoded into Swift names.
///
/// One type serves all three families: BERT/RoBERTa names (`hidden_size`, `num_hidden_layers`, …) and
/// DistilBERT names (`dim`, `n_layers`, …) are both understood. Defaults are those of `transformers` where it
/// has one; sizes it has no default for must be present.
public struct ModelConfiguration: Sendable, Equatable {
    /// Which family, from `model_type` (e.g. `"bert"`).
    public var architecture: Architecture
    /// Token vocabulary size, e.g. 30522.
    public var vocabularySize: Int
    /// Width of every hidden state, e.g. 384 (`hidden_size` / `dim`).
    public var hiddenSize: Int
    /// Number of encoder layers, e.g. 6 (`num_hidden_layers` / `n_layers`).
    public var layerCount: Int
    /// Attention heads per layer, e.g. 12 (`num_attention_heads` / `n_heads`).
    public var headCount: Int
    /// Feed-forward inner width, e.g. 1536 (`intermediate_size` / `hidden_dim`).
    public var intermediateSize: Int
    /// Feed-forward activation (`hidden_act` / `activation`), default exact GELU.
    public var activation: Activation
    /// Number of learned positions, e.g. 512 (RoBERTa: 514, two of which the offset uses).
    public var maxPositions: Int
    /// Token-type vocabulary, e.g. 2 (0 for DistilBERT, which has none).
    public var typeVocabularySize: Int
    /// LayerNorm epsilon, e.g. 1e-12.
    public var layerNormEpsilon: Float
    /// Padding token id (RoBERTa's position ids start after it), e.g. 0 or 1.
    public var padTokenID: Int
    /// Class names by index from `id2label`, e.g. `["approve", "refer", "decline"]`.
    public var labels: [String]
    /// ModernBERT's own fields (attention pattern, rotary bases, pooling, biases); nil for the other families.
    public var modernBERT: ModernBERTSettings?

    /// Size of one head, `hiddenSize / headCount`.
    public var headSize: Int { hiddenSize / headCount }
    /// The longest input the model accepts, special tokens included (RoBERTa: `maxPositions - padTokenID - 1`).
    public var maxSequenceLength: Int {
        architecture == .roberta ? maxPositions - padTokenID - 1 : maxPositions
    }

    /// Creates a configuration directly (tests and training build small models this way).
    public init(
        architecture: Architecture, vocabularySize: Int, hiddenSize: Int, layerCount: Int, headCount: Int,
        intermediateSize: Int, activation: Activation = .gelu, maxPositions: Int, typeVocabularySize: Int = 2,
        layerNormEpsilon: Float = 1e-12, padTokenID: Int = 0, labels: [String], modernBERT: ModernBERTSettings? = nil
    ) {
        self.architecture = architecture
        self.vocabularySize = vocabularySize
        self.hiddenSize = hiddenSize
        self.layerCount = layerCount
        self.headCount = headCount
        self.intermediateSize = intermediateSize
        self.activation = activation
        self.maxPositions = maxPositions
        self.typeVocabularySize = architecture == .distilbert ? 0 : typeVocabularySize
        self.layerNormEpsilon = layerNormEpsilon
        self.padTokenID = padTokenID
        self.labels = labels
        self.modernBERT =
            architecture == .modernbert ? modernBERT ?? ModernBERTSettings(layerCount: layerCount) : nil
    }
}

extension ModelConfiguration {
    /// Reads and validates `config.json`.
    /// - Throws: `ModelError.unreadableConfiguration` or `.invalidConfiguration`, naming the file.
    public static func load(from url: URL) throws -> ModelConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let missing = !FileManager.default.fileExists(atPath: url.path)
            throw ModelError.unreadableConfiguration(
                file: url.path,
                reason: missing ? "no such file (is this a Hugging Face model directory?)" : "cannot read the file")
        }
        let raw: RawConfiguration
        do {
            raw = try JSONDecoder().decode(RawConfiguration.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw ModelError.unreadableConfiguration(
                file: url.path, reason: "not valid JSON (\(context.debugDescription))")
        } catch let DecodingError.keyNotFound(key, _) {
            throw ModelError.invalidConfiguration(file: url.path, detail: "missing '\(key.stringValue)'")
        } catch let DecodingError.typeMismatch(_, context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw ModelError.invalidConfiguration(file: url.path, detail: "'\(path)' has the wrong type")
        } catch {
            throw ModelError.invalidConfiguration(file: url.path, detail: "\(error)")
        }
        var config = try raw.resolved(file: url.path)
        if config.architecture == .modernbert { try config.applyModernBERTFields(from: data, file: url.path) }
        return config
    }
}

/// `config.json` exactly as Hugging Face spells it; every field optional so that both naming schemes decode.
private struct RawConfiguration: Decodable {
    var modelType: String?
    var architectures: [String]?
    var vocabSize: Int?
    var hiddenSize: Int?
    var dim: Int?
    var numHiddenLayers: Int?
    var nLayers: Int?
    var numAttentionHeads: Int?
    var nHeads: Int?
    var intermediateSize: Int?
    var hiddenDim: Int?
    var hiddenAct: String?
    var activation: String?
    var maxPositionEmbeddings: Int?
    var typeVocabSize: Int?
    var layerNormEps: Double?
    var padTokenId: Int?
    var id2label: [String: String]?
    var numLabels: Int?
    var hiddenDropoutProb: Double?
    var attentionProbsDropoutProb: Double?
    var classifierDropout: Double?
    var dropout: Double?
    var attentionDropout: Double?
    var seqClassifDropout: Double?

    enum CodingKeys: String, CodingKey {
        case modelType = "model_type"
        case architectures
        case vocabSize = "vocab_size"
        case hiddenSize = "hidden_size"
        case dim
        case numHiddenLayers = "num_hidden_layers"
        case nLayers = "n_layers"
        case numAttentionHeads = "num_attention_heads"
        case nHeads = "n_heads"
        case intermediateSize = "intermediate_size"
        case hiddenDim = "hidden_dim"
        case hiddenAct = "hidden_act"
        case activation
        case maxPositionEmbeddings = "max_position_embeddings"
        case typeVocabSize = "type_vocab_size"
        case layerNormEps = "layer_norm_eps"
        case padTokenId = "pad_token_id"
        case id2label
        case numLabels = "num_labels"
        case hiddenDropoutProb = "hidden_dropout_prob"
        case attentionProbsDropoutProb = "attention_probs_dropout_prob"
        case classifierDropout = "classifier_dropout"
        case dropout
        case attentionDropout = "attention_dropout"
        case seqClassifDropout = "seq_classif_dropout"
    }

    func resolved(file: String) throws -> ModelConfiguration {
        func invalid(_ detail: String) -> ModelError { .invalidConfiguration(file: file, detail: detail) }
        guard let modelType else { throw invalid("missing 'model_type'") }
        guard let architecture = Architecture(rawValue: modelType) else {
            throw ModelError.unsupportedArchitecture(file: file, modelType: modelType)
        }
        let distil = architecture == .distilbert
        func required(_ value: Int?, _ name: String) throws -> Int {
            guard let value else { throw invalid("missing '\(name)'") }
            guard value > 0 else { throw invalid("'\(name)' must be positive, is \(value)") }
            return value
        }
        let hidden = try required(distil ? dim : hiddenSize, distil ? "dim" : "hidden_size")
        let heads = try required(distil ? nHeads : numAttentionHeads, distil ? "n_heads" : "num_attention_heads")
        guard hidden % heads == 0 else { throw invalid("hidden size \(hidden) is not a multiple of \(heads) heads") }
        let actName = (distil ? activation : hiddenAct) ?? "gelu"
        let act: Activation
        switch actName {
        case "gelu": act = .gelu
        case "gelu_new", "gelu_pytorch_tanh", "gelu_fast": act = .geluTanh
        case "relu": act = .relu
        default: throw invalid("unsupported activation '\(actName)'")
        }
        // Dropout rates are used only in training, but a value `torch.nn.Dropout` would reject (or 1, which
        // zeroes everything) is a broken file: fail now, naming the field, rather than mid-run.
        for (name, rate) in [
            ("hidden_dropout_prob", hiddenDropoutProb), ("attention_probs_dropout_prob", attentionProbsDropoutProb),
            ("classifier_dropout", classifierDropout), ("dropout", dropout), ("attention_dropout", attentionDropout),
            ("seq_classif_dropout", seqClassifDropout),
        ] {
            if let rate, !(rate >= 0 && rate < 1) { throw invalid("'\(name)' must lie in [0, 1), is \(rate)") }
        }
        let vocabulary = try required(vocabSize, "vocab_size")
        let layers = try required(distil ? nLayers : numHiddenLayers, distil ? "n_layers" : "num_hidden_layers")
        let intermediate = try required(
            distil ? hiddenDim : intermediateSize, distil ? "hidden_dim" : "intermediate_size")
        let positions = try required(maxPositionEmbeddings ?? 512, "max_position_embeddings")
        let types = distil ? 0 : try required(typeVocabSize ?? 2, "type_vocab_size")
        let padding = padTokenId ?? (architecture == .roberta ? 1 : 0)
        let epsilon = Float(layerNormEps ?? 1e-12)
        let labelCount = try resolvedLabelCount(invalid)
        var config = ModelConfiguration(
            architecture: architecture, vocabularySize: vocabulary, hiddenSize: hidden, layerCount: layers,
            headCount: heads, intermediateSize: intermediate, activation: act, maxPositions: positions,
            typeVocabularySize: types, layerNormEpsilon: epsilon, padTokenID: padding, labels: [])
        // Sizes and memory before the label names are materialised: `num_labels` may be absurd.
        try config.checkSizes(file: file, labelCount: labelCount)
        config.labels = try resolvedLabels(count: labelCount, invalid)
        try ModelConfiguration.checkLabels(config.labels) { invalid($0) }
        return config
    }

    /// The number of classes: `id2label`'s size (which `num_labels`, if given, must equal), else `num_labels`
    /// (default 2). One label is a regression head, which a classifier dossier cannot explain.
    private func resolvedLabelCount(_ invalid: (String) -> ModelError) throws -> Int {
        if let id2label, !id2label.isEmpty {
            if let numLabels, numLabels != id2label.count {
                throw invalid("num_labels is \(numLabels) but id2label has \(id2label.count) entries")
            }
            return id2label.count
        }
        let count = numLabels ?? 2
        guard count >= 2 else {
            throw invalid(
                "'num_labels' must be at least 2 for a classifier, is \(count)"
                    + (count == 1 ? " (one label is a regression head)" : ""))
        }
        return count
    }

    /// `id2label` keyed by "0", "1", …; without it, generic names `LABEL_0`, … as `transformers` gives.
    private func resolvedLabels(count: Int, _ invalid: (String) -> ModelError) throws -> [String] {
        guard let id2label, !id2label.isEmpty else { return (0..<count).map { "LABEL_\($0)" } }
        var labels = [String?](repeating: nil, count: id2label.count)
        for (key, name) in id2label {
            guard let index = Int(key), index >= 0, index < labels.count, labels[index] == nil else {
                throw invalid("id2label keys must be 0..<\(id2label.count), found '\(key)'")
            }
            labels[index] = name
        }
        return labels.map { $0 ?? "" }
    }
}
