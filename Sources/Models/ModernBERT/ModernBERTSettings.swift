import Foundation

/// What a ModernBERT `config.json` says beyond the sizes every family shares (`ModelConfiguration`).
///
/// Both forms of the file are read: the one most published checkpoints carry (`global_attn_every_n_layers`,
/// `global_rope_theta`, `local_rope_theta`) and the one current `transformers` writes (`layer_types`,
/// `rope_parameters`). Where both are present the new one wins, as in `ModernBertConfig`. Defaults are those of
/// `ModernBertConfig` (transformers 5.24).
public struct ModernBERTSettings: Sendable, Equatable {
    /// How the head reads the final hidden states (`classifier_pooling`).
    public enum Pooling: String, Sendable, Equatable {
        /// The first token's state (`"cls"`, the default).
        case cls
        /// The mean over the sequence's real tokens (`"mean"`, masked: padding excluded).
        case mean
    }

    /// Per layer, whether it attends globally (`"full_attention"`) rather than within the sliding window
    /// (`"sliding_attention"`); from `layer_types`, else every `global_attn_every_n_layers`-th layer from 0.
    public var globalLayers: [Bool]
    /// Rotary base of the global layers, e.g. 160000 (`rope_parameters.full_attention.rope_theta` /
    /// `global_rope_theta`).
    public var globalRopeTheta: Float
    /// Rotary base of the sliding-window layers, e.g. 10000 (`rope_parameters.sliding_attention.rope_theta` /
    /// `local_rope_theta`).
    public var localRopeTheta: Float
    /// The sliding window's width, e.g. 128 (`local_attention`): query i sees keys j with |i − j| ≤ width / 2.
    public var localAttention: Int
    /// `classifier_pooling`.
    public var pooling: Pooling
    /// The head's activation after `head.dense`, e.g. GELU (`classifier_activation`).
    public var classifierActivation: Activation
    /// Whether the LayerNorms have a bias (`norm_bias`, default false).
    public var normBias: Bool
    /// Whether `Wqkv` and the attention's `Wo` have biases (`attention_bias`, default false).
    public var attentionBias: Bool
    /// Whether the MLP's `Wi` and `Wo` have biases (`mlp_bias`, default false).
    public var mlpBias: Bool
    /// Whether `head.dense` has a bias (`classifier_bias`, default false; `classifier` always has one).
    public var classifierBias: Bool

    /// Keys on either side a sliding-window query sees, `local_attention / 2` (transformers' `sliding_window`).
    public var halfWindow: Int { localAttention / 2 }

    /// `ModernBertConfig`'s defaults for `layerCount` layers (global every third layer, from the first).
    public init(
        layerCount: Int, globalAttentionEvery: Int = 3, globalRopeTheta: Float = 160_000,
        localRopeTheta: Float = 10_000,
        localAttention: Int = 128, pooling: Pooling = .cls, classifierActivation: Activation = .gelu,
        normBias: Bool = false, attentionBias: Bool = false, mlpBias: Bool = false, classifierBias: Bool = false
    ) {
        precondition(globalAttentionEvery > 0, "global attention every \(globalAttentionEvery) layers")
        globalLayers = (0..<max(0, layerCount)).map { $0 % globalAttentionEvery == 0 }
        (self.globalRopeTheta, self.localRopeTheta, self.localAttention) = (
            globalRopeTheta, localRopeTheta, localAttention
        )
        (self.pooling, self.classifierActivation) = (pooling, classifierActivation)
        (self.normBias, self.attentionBias, self.mlpBias, self.classifierBias) = (
            normBias, attentionBias, mlpBias, classifierBias
        )
    }
}

extension ModelConfiguration {
    /// Completes a configuration decoded with the shared field names by the ModernBERT fields of the same file:
    /// `hidden_activation`, `norm_eps` and the settings above.
    /// - Throws: `ModelError.invalidConfiguration` naming the file and the field.
    mutating func applyModernBERTFields(from data: Data, file: String) throws {
        func invalid(_ detail: String) -> ModelError { .invalidConfiguration(file: file, detail: detail) }
        let raw: RawModernBERTFields
        do {
            raw = try JSONDecoder().decode(RawModernBERTFields.self, from: data)
        } catch let DecodingError.typeMismatch(_, context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw invalid("'\(path)' has the wrong type")
        } catch {
            throw invalid("\(error)")
        }
        func parseActivation(_ name: String?, _ field: String) throws -> Activation {
            switch name ?? "gelu" {
            case "gelu": return .gelu
            case "gelu_new", "gelu_pytorch_tanh", "gelu_fast": return .geluTanh
            case "relu": return .relu
            case let other: throw invalid("unsupported \(field) '\(other)' (supported: gelu, gelu_new, relu)")
            }
        }
        activation = try parseActivation(raw.hiddenActivation, "hidden_activation")
        let epsilon = raw.normEps ?? 1e-5
        guard epsilon.isFinite, epsilon > 0 else {
            throw invalid("'norm_eps' must be a positive finite number, is \(epsilon)")
        }
        layerNormEpsilon = Float(epsilon)
        for (name, rate) in [("embedding_dropout", raw.embeddingDropout), ("mlp_dropout", raw.mlpDropout)] {
            if let rate, !(rate >= 0 && rate < 1) { throw invalid("'\(name)' must lie in [0, 1), is \(rate)") }
        }
        let every = raw.globalAttnEveryNLayers ?? 3
        guard every > 0 else { throw invalid("'global_attn_every_n_layers' must be positive, is \(every)") }
        let window = raw.localAttention ?? 128
        guard window > 0 else { throw invalid("'local_attention' must be positive, is \(window)") }
        let poolingName = raw.classifierPooling ?? "cls"
        guard let pooling = ModernBERTSettings.Pooling(rawValue: poolingName) else {
            throw invalid("'classifier_pooling' must be \"cls\" or \"mean\", is '\(poolingName)'")
        }
        // rope_parameters (new form) wins over global_rope_theta / local_rope_theta (old form), as in transformers.
        if let scaling = raw.ropeScaling, let type = scaling.ropeType, type != "default" {
            throw invalid("'rope_scaling' of type '\(type)' is not supported (only the default rotary embedding)")
        }
        func theta(_ kind: String, legacy: Double?, legacyName: String, fallback: Double) throws -> Float {
            let parameters = raw.ropeParameters?[kind] ?? nil  // absent, or null as transformers allows
            if let type = parameters?.ropeType, type != "default" {
                throw invalid(
                    "'rope_parameters.\(kind).rope_type' '\(type)' is not supported (only the default rotary embedding)"
                )
            }
            let value = parameters?.ropeTheta ?? legacy ?? fallback
            let name = parameters?.ropeTheta != nil ? "rope_parameters.\(kind).rope_theta" : legacyName
            guard value.isFinite, value > 0, Float(value).isFinite else {
                throw invalid("'\(name)' must be a positive finite number, is \(value)")
            }
            return Float(value)
        }
        var settings = ModernBERTSettings(
            layerCount: layerCount, globalAttentionEvery: every,
            globalRopeTheta: try theta(
                "full_attention", legacy: raw.globalRopeTheta, legacyName: "global_rope_theta", fallback: 160_000),
            localRopeTheta: try theta(
                "sliding_attention", legacy: raw.localRopeTheta, legacyName: "local_rope_theta", fallback: 10_000),
            localAttention: window, pooling: pooling,
            classifierActivation: try parseActivation(raw.classifierActivation, "classifier_activation"),
            normBias: raw.normBias ?? false, attentionBias: raw.attentionBias ?? false, mlpBias: raw.mlpBias ?? false,
            classifierBias: raw.classifierBias ?? false)
        if let types = raw.layerTypes {
            guard types.count == layerCount else {
                throw invalid("'layer_types' lists \(types.count) layers but 'num_hidden_layers' is \(layerCount)")
            }
            settings.globalLayers = try types.enumerated().map { index, type in
                switch type {
                case "full_attention": return true
                case "sliding_attention": return false
                default:
                    throw invalid(
                        "'layer_types[\(index)]' is '\(type)' (expected \"full_attention\" or \"sliding_attention\")")
                }
            }
        }
        guard headSize % 2 == 0 else {
            throw invalid(
                "head size \(headSize) (hidden_size / num_attention_heads) must be even for the rotary embedding")
        }
        if let headDim = raw.headDim, headDim != headSize {
            throw invalid("'head_dim' \(headDim) differs from hidden_size / num_attention_heads = \(headSize)")
        }
        modernBERT = settings
    }
}

/// The ModernBERT fields of `config.json`, as `ModernBertConfig` spells them; every one optional.
private struct RawModernBERTFields: Decodable {
    struct RopeParameters: Decodable {
        var ropeType: String?
        var ropeTheta: Double?
        enum CodingKeys: String, CodingKey {
            case ropeType = "rope_type"
            case ropeTheta = "rope_theta"
        }
    }
    var hiddenActivation: String?
    var classifierActivation: String?
    var normEps: Double?
    var normBias: Bool?
    var attentionBias: Bool?
    var mlpBias: Bool?
    var classifierBias: Bool?
    var classifierPooling: String?
    var globalAttnEveryNLayers: Int?
    var localAttention: Int?
    var globalRopeTheta: Double?
    var localRopeTheta: Double?
    var layerTypes: [String]?
    var ropeParameters: [String: RopeParameters?]?
    var ropeScaling: RopeParameters?
    var embeddingDropout: Double?
    var mlpDropout: Double?
    var headDim: Int?

    enum CodingKeys: String, CodingKey {
        case hiddenActivation = "hidden_activation"
        case classifierActivation = "classifier_activation"
        case normEps = "norm_eps"
        case normBias = "norm_bias"
        case attentionBias = "attention_bias"
        case mlpBias = "mlp_bias"
        case classifierBias = "classifier_bias"
        case classifierPooling = "classifier_pooling"
        case globalAttnEveryNLayers = "global_attn_every_n_layers"
        case localAttention = "local_attention"
        case globalRopeTheta = "global_rope_theta"
        case localRopeTheta = "local_rope_theta"
        case layerTypes = "layer_types"
        case ropeParameters = "rope_parameters"
        case ropeScaling = "rope_scaling"
        case embeddingDropout = "embedding_dropout"
        case mlpDropout = "mlp_dropout"
        case headDim = "head_dim"
    }
}
