import Foundation

/// The encoder families the engine runs.
public enum Architecture: String, Sendable, Codable, CaseIterable {
    /// BERT and BERT-shaped models such as MiniLM (`model_type: "bert"`).
    case bert
    /// DistilBERT (`model_type: "distilbert"`): no token types, no pooler, `pre_classifier` head.
    case distilbert
    /// RoBERTa (`model_type: "roberta"`): positions offset past the padding index, `<s>`-token head.
    case roberta
    /// ELECTRA (`model_type: "electra"`): BERT layers, embeddings of their own width (`embedding_size`) projected
    /// to the hidden width by `embeddings_project`, a dense + GELU head on the first token.
    case electra
    /// XLM-RoBERTa (`model_type: "xlm-roberta"`): RoBERTa's model (weights under `roberta.`) with a SentencePiece
    /// vocabulary.
    case xlmRoberta = "xlm-roberta"
    /// GPT-2 (`model_type: "gpt2"`): a decoder of pre-norm blocks with causal attention, classified by `score` on
    /// the last non-padding token (see `GPT2Decoder`).
    case gpt2
    /// DeBERTa-v2 and -v3 (`model_type: "deberta-v2"`): disentangled attention with relative positions, a context
    /// pooler; its own layer stack (`DebertaV2Stack`), settings in `ModelConfiguration.deberta`.
    case debertaV2 = "deberta-v2"
    /// ModernBERT (`model_type: "modernbert"`): rotary positions, alternating global and sliding-window attention,
    /// pre-norm layers with a GeGLU feed-forward, `[CLS]` or mean pooling (see `ModernBERTEncoder`).
    case modernbert

    /// Whether positions are numbered from `padding_idx + 1` and the head is `RobertaClassificationHead`
    /// (RoBERTa and XLM-RoBERTa).
    public var isRoBERTaFamily: Bool { self == .roberta || self == .xlmRoberta }

    /// The base-model prefix of the family's tensor names in a `*ForSequenceClassification` checkpoint.
    public var weightPrefix: String {
        switch self {
        case .bert: "bert."
        case .distilbert: "distilbert."
        case .roberta, .xlmRoberta: "roberta."
        case .electra: "electra."
        case .gpt2: "transformer."
        case .debertaV2: "deberta."
        case .modernbert: "model."
        }
    }

    /// The `transformers` class written in `architectures`.
    public var sequenceClassifierClass: String {
        switch self {
        case .bert: "BertForSequenceClassification"
        case .distilbert: "DistilBertForSequenceClassification"
        case .roberta: "RobertaForSequenceClassification"
        case .electra: "ElectraForSequenceClassification"
        case .xlmRoberta: "XLMRobertaForSequenceClassification"
        case .gpt2: "GPT2ForSequenceClassification"
        case .debertaV2: "DebertaV2ForSequenceClassification"
        case .modernbert: "ModernBertForSequenceClassification"
        }
    }
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
    /// Width of the embedding tables, e.g. 128 (ELECTRA's `embedding_size`); `hiddenSize` in other families. When
    /// it differs from `hiddenSize`, `embeddings_project` maps the embeddings to the hidden width.
    public var embeddingSize: Int
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
    /// Whether `config.json` names a padding token. Only GPT-2 may lack one; it then pools each sequence's last
    /// token (`GPT2Decoder.pooledTokenIndex`).
    public var hasPadToken = true
    /// DeBERTa-v2's own fields (relative attention, buckets, …); nil for every other family.
    public var deberta: DebertaSettings?
    /// ModernBERT's own fields (attention pattern, rotary bases, pooling, biases); nil for the other families.
    public var modernBERT: ModernBERTSettings?

    /// Size of one head, `hiddenSize / headCount`.
    public var headSize: Int { hiddenSize / headCount }
    /// The longest input the model accepts, special tokens included (RoBERTa: `maxPositions - padTokenID - 1`).
    public var maxSequenceLength: Int {
        architecture.isRoBERTaFamily ? maxPositions - padTokenID - 1 : maxPositions
    }

    /// Creates a configuration directly (tests and training build small models this way).
    public init(
        architecture: Architecture, vocabularySize: Int, hiddenSize: Int, layerCount: Int, headCount: Int,
        intermediateSize: Int, activation: Activation = .gelu, maxPositions: Int, typeVocabularySize: Int = 2,
        layerNormEpsilon: Float = 1e-12, padTokenID: Int = 0, labels: [String], embeddingSize: Int? = nil,
        deberta: DebertaSettings? = nil, modernBERT: ModernBERTSettings? = nil
    ) {
        self.architecture = architecture
        self.vocabularySize = vocabularySize
        self.hiddenSize = hiddenSize
        self.embeddingSize = embeddingSize ?? hiddenSize
        self.layerCount = layerCount
        self.headCount = headCount
        self.intermediateSize = intermediateSize
        self.activation = activation
        self.maxPositions = maxPositions
        self.typeVocabularySize = architecture == .distilbert || architecture == .gpt2 ? 0 : typeVocabularySize
        self.layerNormEpsilon = layerNormEpsilon
        self.padTokenID = padTokenID
        self.labels = labels
        self.deberta = architecture == .debertaV2 ? deberta ?? DebertaSettings() : nil
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
        if config.architecture == .debertaV2 {
            config.deberta = try DebertaSettings.load(from: data, file: url.path, config: config)
        }
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
    var embeddingSize: Int?
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
    // GPT-2's names.
    var nEmbd: Int?
    var nLayer: Int?
    var nHead: Int?
    var nInner: Int?
    var nPositions: Int?
    var activationFunction: String?
    var layerNormEpsilon: Double?
    var eosTokenId: Int?
    var scaleAttnWeights: Bool?
    var scaleAttnByInverseLayerIdx: Bool?
    var residPdrop: Double?
    var embdPdrop: Double?
    var attnPdrop: Double?
    var summaryFirstDropout: Double?

    enum CodingKeys: String, CodingKey {
        case modelType = "model_type"
        case architectures
        case vocabSize = "vocab_size"
        case hiddenSize = "hidden_size"
        case embeddingSize = "embedding_size"
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
        case nEmbd = "n_embd"
        case nLayer = "n_layer"
        case nHead = "n_head"
        case nInner = "n_inner"
        case nPositions = "n_positions"
        case activationFunction = "activation_function"
        case layerNormEpsilon = "layer_norm_epsilon"
        case eosTokenId = "eos_token_id"
        case scaleAttnWeights = "scale_attn_weights"
        case scaleAttnByInverseLayerIdx = "scale_attn_by_inverse_layer_idx"
        case residPdrop = "resid_pdrop"
        case embdPdrop = "embd_pdrop"
        case attnPdrop = "attn_pdrop"
        case summaryFirstDropout = "summary_first_dropout"
    }

    func resolved(file: String) throws -> ModelConfiguration {
        func invalid(_ detail: String) -> ModelError { .invalidConfiguration(file: file, detail: detail) }
        guard let modelType else { throw invalid("missing 'model_type'") }
        guard let architecture = Architecture(rawValue: modelType) else {
            throw ModelError.unsupportedArchitecture(file: file, modelType: modelType)
        }
        if architecture == .gpt2 { return try resolvedGPT2(file: file) }
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
        let types: Int
        switch architecture {
        case .distilbert, .gpt2: types = 0
        case .debertaV2: types = typeVocabSize ?? 0  // DebertaV2Config: no token types unless asked for
        case .bert, .roberta, .electra, .xlmRoberta, .modernbert:  // ModernBERT reads no token types; as before
            types = try required(typeVocabSize ?? 2, "type_vocab_size")
        }
        let padding = padTokenId ?? (architecture.isRoBERTaFamily ? 1 : 0)
        // ELECTRA's tables have their own width; transformers always writes it, so it must be present.
        let embedding = architecture == .electra ? try required(embeddingSize, "embedding_size") : hidden
        let epsilon = Float(layerNormEps ?? (architecture == .debertaV2 ? 1e-7 : 1e-12))
        let labelCount = try resolvedLabelCount(invalid)
        var config = ModelConfiguration(
            architecture: architecture, vocabularySize: vocabulary, hiddenSize: hidden, layerCount: layers,
            headCount: heads, intermediateSize: intermediate, activation: act, maxPositions: positions,
            typeVocabularySize: types, layerNormEpsilon: epsilon, padTokenID: padding, labels: [],
            embeddingSize: embedding)
        // Sizes and memory before the label names are materialised: `num_labels` may be absurd.
        try config.checkSizes(file: file, labelCount: labelCount)
        config.labels = try resolvedLabels(count: labelCount, invalid)
        try ModelConfiguration.checkLabels(config.labels) { invalid($0) }
        return config
    }

    /// A GPT-2 configuration (`GPT2Config`'s names and defaults: `n_inner` 4·`n_embd`, `activation_function`
    /// `gelu_new`, `layer_norm_epsilon` 1e-5, `n_positions` 1024). Without `pad_token_id` the padding id is
    /// `eos_token_id` (or 0) and each sequence is pooled at its last token.
    private func resolvedGPT2(file: String) throws -> ModelConfiguration {
        func invalid(_ detail: String) -> ModelError { .invalidConfiguration(file: file, detail: detail) }
        func required(_ value: Int?, _ name: String) throws -> Int {
            guard let value else { throw invalid("missing '\(name)'") }
            guard value > 0 else { throw invalid("'\(name)' must be positive, is \(value)") }
            return value
        }
        let hidden = try required(nEmbd, "n_embd")
        let heads = try required(nHead, "n_head")
        guard hidden % heads == 0 else { throw invalid("n_embd \(hidden) is not a multiple of n_head \(heads)") }
        let act: Activation
        switch activationFunction ?? "gelu_new" {
        case "gelu": act = .gelu
        case "gelu_new", "gelu_pytorch_tanh", "gelu_fast": act = .geluTanh
        case "relu": act = .relu
        case let other: throw invalid("unsupported activation_function '\(other)'")
        }
        if scaleAttnWeights == false { throw invalid("'scale_attn_weights' false is not supported") }
        if scaleAttnByInverseLayerIdx == true {
            throw invalid("'scale_attn_by_inverse_layer_idx' true is not supported")
        }
        for (name, rate) in [
            ("resid_pdrop", residPdrop), ("embd_pdrop", embdPdrop), ("attn_pdrop", attnPdrop),
            ("summary_first_dropout", summaryFirstDropout),
        ] {
            if let rate, !(rate >= 0 && rate < 1) { throw invalid("'\(name)' must lie in [0, 1), is \(rate)") }
        }
        let labelCount = try resolvedLabelCount(invalid)
        var config = ModelConfiguration(
            architecture: .gpt2, vocabularySize: try required(vocabSize, "vocab_size"), hiddenSize: hidden,
            layerCount: try required(nLayer, "n_layer"), headCount: heads,
            intermediateSize: try required(nInner ?? 4 * hidden, "n_inner"), activation: act,
            maxPositions: try required(nPositions ?? 1024, "n_positions"), typeVocabularySize: 0,
            layerNormEpsilon: Float(layerNormEpsilon ?? 1e-5), padTokenID: padTokenId ?? eosTokenId ?? 0, labels: [])
        config.hasPadToken = padTokenId != nil
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
