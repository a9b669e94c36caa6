import Foundation

/// The `config.json` fields DeBERTa-v2 and -v3 (`model_type: "deberta-v2"`) add to BERT's, decoded and checked.
///
/// Defaults are `DebertaV2Config`'s, except that `init()` (used by tests and by configurations built in code)
/// gives DeBERTa-v3's shape: relative attention, `["p2c", "c2p"]`, shared keys, LayerNorm on the relative
/// embeddings, no absolute positions. What the engine does not run is an error naming the file and the field:
/// a pooler narrower or wider than the hidden states, a per-head size other than `hidden_size /
/// num_attention_heads`, `pos_att_type` entries other than `c2p` and `p2c` (DeBERTa v1's `p2p` included), an
/// even `conv_kernel_size` (transformers' padding would shorten the sequence).
public struct DebertaSettings: Sendable, Equatable {
    /// The relative-position terms of the attention scores (`pos_att_type`).
    public enum PositionAttention: String, Sendable, Equatable, CaseIterable {
        /// Content to position: query · (relative embedding projected by the key projection).
        case c2p
        /// Position to content: key · (relative embedding projected by the query projection).
        case p2c
    }

    /// Whether relative-position terms are added (`relative_attention`, e.g. true).
    public var relativeAttention: Bool
    /// The largest relative distance before clamping (`max_relative_positions`; below 1 means
    /// `max_position_embeddings`), e.g. 512.
    public var maxRelativePositions: Int
    /// Logarithmic buckets (`position_buckets`), e.g. 256; 0 when distances are not bucketed (`-1` in the file).
    public var positionBuckets: Int
    /// `pos_att_type`, e.g. `[.p2c, .c2p]`; every entry adds 1 to the score scale factor.
    public var positionAttention: [PositionAttention]
    /// Whether the relative embeddings go through the query and key projections (`share_att_key`) rather than
    /// `pos_query_proj` / `pos_key_proj`.
    public var shareAttentionKey: Bool
    /// Whether the relative embeddings are layer-normalised once per pass (`norm_rel_ebd` contains `layer_norm`).
    public var normalizesRelativeEmbeddings: Bool
    /// Whether absolute position embeddings are added to the word embeddings (`position_biased_input`).
    public var positionBiasedInput: Bool
    /// Width of the word embeddings (`embedding_size`, default `hidden_size`); `embed_proj` maps it to the hidden
    /// size when they differ. 0 here means "the hidden size".
    public var embeddingSize: Int
    /// The pooler's activation (`pooler_hidden_act`, default `"gelu"`).
    public var poolerActivation: PoolerActivation
    /// The convolution after the first layer (`ConvLayer`, `conv_kernel_size` > 0), or nil.
    public var convolution: Convolution?

    /// `ConvLayer`: `LN(layer₀ output + act(conv1d(embedding output))) ⊙ mask`, padding (k − 1) / 2.
    public struct Convolution: Sendable, Equatable {
        /// `conv_kernel_size`, odd, e.g. 3.
        public var kernelSize: Int
        /// `conv_groups`, dividing the hidden size, e.g. 1.
        public var groups: Int
        /// `conv_act`, default `"tanh"`.
        public var activation: PoolerActivation

        public init(kernelSize: Int, groups: Int = 1, activation: PoolerActivation = .tanh) {
            (self.kernelSize, self.groups, self.activation) = (kernelSize, groups, activation)
        }
    }

    /// The pooler's (and the convolution's) activation: one of the feed-forward activations or tanh.
    public enum PoolerActivation: Sendable, Equatable {
        case activation(Activation)
        case tanh
    }

    /// DeBERTa-v3's shape: relative attention over all `max_position_embeddings` distances (no buckets), both
    /// terms, shared keys, normalised relative embeddings, no absolute positions, GELU pooler.
    public init(
        relativeAttention: Bool = true, maxRelativePositions: Int = 0, positionBuckets: Int = 0,
        positionAttention: [PositionAttention] = [.p2c, .c2p], shareAttentionKey: Bool = true,
        normalizesRelativeEmbeddings: Bool = true, positionBiasedInput: Bool = false, embeddingSize: Int = 0,
        poolerActivation: PoolerActivation = .activation(.gelu), convolution: Convolution? = nil
    ) {
        self.relativeAttention = relativeAttention
        self.maxRelativePositions = maxRelativePositions
        self.positionBuckets = positionBuckets
        self.positionAttention = positionAttention
        self.shareAttentionKey = shareAttentionKey
        self.normalizesRelativeEmbeddings = normalizesRelativeEmbeddings
        self.positionBiasedInput = positionBiasedInput
        self.embeddingSize = embeddingSize
        self.poolerActivation = poolerActivation
        self.convolution = convolution
    }

    /// Whether the score has the content-to-position term.
    public var contentToPosition: Bool { relativeAttention && positionAttention.contains(.c2p) }
    /// Whether the score has the position-to-content term.
    public var positionToContent: Bool { relativeAttention && positionAttention.contains(.p2c) }

    /// `scale_factor`: 1 + the number of `pos_att_type` terms (counted even without relative attention, as
    /// `DisentangledSelfAttention` does). Scores are divided by `sqrt(D · scaleFactor)`.
    public var scaleFactor: Int {
        1 + (positionAttention.contains(.c2p) ? 1 : 0) + (positionAttention.contains(.p2c) ? 1 : 0)
    }

    /// The relative distances clamped to before bucketing: `max_relative_positions`, or the positions if below 1.
    public func relativeLimit(_ config: ModelConfiguration) -> Int {
        maxRelativePositions < 1 ? config.maxPositions : maxRelativePositions
    }

    /// `pos_ebd_size` (att_span): the buckets, or the relative limit; the relative table has twice as many rows.
    public func attentionSpan(_ config: ModelConfiguration) -> Int {
        positionBuckets > 0 ? positionBuckets : relativeLimit(config)
    }

    /// The word-embedding width E.
    public func wordWidth(_ config: ModelConfiguration) -> Int { embeddingSize > 0 ? embeddingSize : config.hiddenSize }
}

// MARK: - Reading config.json

extension DebertaSettings {
    /// Decodes and checks the DeBERTa fields of `config.json` (its bytes in `data`).
    /// - Throws: `ModelError.invalidConfiguration` naming `file` and the field.
    static func load(from data: Data, file: String, config: ModelConfiguration) throws -> DebertaSettings {
        func invalid(_ detail: String) -> ModelError { .invalidConfiguration(file: file, detail: detail) }
        let raw: Raw
        do {
            raw = try JSONDecoder().decode(Raw.self, from: data)
        } catch let DecodingError.typeMismatch(_, context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw invalid("'\(path)' has the wrong type")
        } catch let error as ModelError {
            throw error
        } catch {
            throw invalid("\(error)")
        }
        if let message = raw.positionAttentionError { throw invalid(message) }
        var settings = DebertaSettings(
            relativeAttention: raw.relativeAttention ?? false, maxRelativePositions: raw.maxRelativePositions ?? -1,
            positionBuckets: 0, positionAttention: raw.positionAttention ?? [],
            shareAttentionKey: raw.shareAttKey ?? false, normalizesRelativeEmbeddings: false,
            positionBiasedInput: raw.positionBiasedInput ?? true, embeddingSize: 0)
        let buckets = raw.positionBuckets ?? -1
        guard buckets >= -1 else {
            throw invalid("'position_buckets' must be -1 (no buckets) or positive, is \(buckets)")
        }
        settings.positionBuckets = max(0, buckets)
        // The limit is only read with relative attention: transformers ignores it otherwise.
        if settings.relativeAttention {
            let limit = settings.relativeLimit(config)
            guard limit <= 1 << 20 else { throw invalid("'max_relative_positions' \(limit) is too large") }
            if settings.positionBuckets == 1 {
                throw invalid("'position_buckets' must be at least 2 (half of it is the exact range), is 1")
            }
            if settings.positionBuckets > 1 {
                guard settings.positionBuckets <= 1 << 20 else {
                    throw invalid("'position_buckets' \(settings.positionBuckets) is too large")
                }
                let mid = settings.positionBuckets / 2
                // make_log_bucket_position divides by log((max_relative_positions − 1) / mid): it must be positive.
                guard limit - 1 > mid else {
                    throw invalid(
                        "'max_relative_positions' \(limit) must exceed position_buckets / 2 + 1 = \(mid + 1) "
                            + "(the logarithmic buckets divide by log((max_relative_positions − 1) / (position_buckets / 2)))"
                    )
                }
            }
        }
        let norms = (raw.normRelEbd ?? "none").lowercased().split(separator: "|").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        for norm in norms where norm != "none" && norm != "layer_norm" {
            throw invalid("'norm_rel_ebd' entry '\(norm)' is not supported (only \"layer_norm\" and \"none\")")
        }
        settings.normalizesRelativeEmbeddings = norms.contains("layer_norm")
        if let size = raw.embeddingSize {
            guard size > 0 else { throw invalid("'embedding_size' must be positive, is \(size)") }
            settings.embeddingSize = size == config.hiddenSize ? 0 : size
        }
        if let pooler = raw.poolerHiddenSize, pooler != config.hiddenSize {
            throw invalid(
                "'pooler_hidden_size' \(pooler) differs from hidden_size \(config.hiddenSize) (the pooler reads the "
                    + "first token's hidden state, so transformers needs them equal)")
        }
        if let head = raw.attentionHeadSize, head != config.headSize {
            throw invalid(
                "'attention_head_size' \(head) is not hidden_size / num_attention_heads = \(config.headSize) "
                    + "(not supported)")
        }
        func activation(_ name: String, _ field: String) throws -> PoolerActivation {
            switch name {
            case "gelu": return .activation(.gelu)
            case "gelu_new", "gelu_pytorch_tanh", "gelu_fast": return .activation(.geluTanh)
            case "relu": return .activation(.relu)
            case "tanh": return .tanh
            default: throw invalid("'\(field)' '\(name)' is not supported")
            }
        }
        settings.poolerActivation = try activation(raw.poolerHiddenAct ?? "gelu", "pooler_hidden_act")
        if let kernel = raw.convKernelSize, kernel > 0 {
            guard kernel % 2 == 1, kernel <= 1025 else {
                throw invalid(
                    "'conv_kernel_size' must be odd (and at most 1025), is \(kernel): with padding (k − 1) / 2 an even "
                        + "kernel shortens the sequence")
            }
            let groups = raw.convGroups ?? 1
            guard groups > 0, config.hiddenSize % groups == 0 else {
                throw invalid("'conv_groups' \(groups) does not divide hidden_size \(config.hiddenSize)")
            }
            settings.convolution = Convolution(
                kernelSize: kernel, groups: groups, activation: try activation(raw.convAct ?? "tanh", "conv_act"))
        }
        return settings
    }

    /// The DeBERTa fields as `config.json` spells them.
    private struct Raw: Decodable {
        var relativeAttention: Bool?
        var maxRelativePositions: Int?
        var positionBuckets: Int?
        var positionAttention: [PositionAttention]?
        var positionAttentionError: String?
        var shareAttKey: Bool?
        var normRelEbd: String?
        var positionBiasedInput: Bool?
        var embeddingSize: Int?
        var poolerHiddenSize: Int?
        var poolerHiddenAct: String?
        var convKernelSize: Int?
        var convGroups: Int?
        var convAct: String?
        var attentionHeadSize: Int?

        enum CodingKeys: String, CodingKey {
            case relativeAttention = "relative_attention"
            case maxRelativePositions = "max_relative_positions"
            case positionBuckets = "position_buckets"
            case posAttType = "pos_att_type"
            case shareAttKey = "share_att_key"
            case normRelEbd = "norm_rel_ebd"
            case positionBiasedInput = "position_biased_input"
            case embeddingSize = "embedding_size"
            case poolerHiddenSize = "pooler_hidden_size"
            case poolerHiddenAct = "pooler_hidden_act"
            case convKernelSize = "conv_kernel_size"
            case convGroups = "conv_groups"
            case convAct = "conv_act"
            case attentionHeadSize = "attention_head_size"
        }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            relativeAttention = try c.decodeIfPresent(Bool.self, forKey: .relativeAttention)
            maxRelativePositions = try c.decodeIfPresent(Int.self, forKey: .maxRelativePositions)
            positionBuckets = try c.decodeIfPresent(Int.self, forKey: .positionBuckets)
            shareAttKey = try c.decodeIfPresent(Bool.self, forKey: .shareAttKey)
            normRelEbd = try c.decodeIfPresent(String.self, forKey: .normRelEbd)
            positionBiasedInput = try c.decodeIfPresent(Bool.self, forKey: .positionBiasedInput)
            embeddingSize = try c.decodeIfPresent(Int.self, forKey: .embeddingSize)
            poolerHiddenSize = try c.decodeIfPresent(Int.self, forKey: .poolerHiddenSize)
            poolerHiddenAct = try c.decodeIfPresent(String.self, forKey: .poolerHiddenAct)
            convKernelSize = try c.decodeIfPresent(Int.self, forKey: .convKernelSize)
            convGroups = try c.decodeIfPresent(Int.self, forKey: .convGroups)
            convAct = try c.decodeIfPresent(String.self, forKey: .convAct)
            attentionHeadSize = try c.decodeIfPresent(Int.self, forKey: .attentionHeadSize)
            // `pos_att_type`: a list, a "p2c|c2p" string (DebertaV2Config splits it, lower-cased), or null.
            var names: [String]?
            if try !c.contains(.posAttType) || c.decodeNil(forKey: .posAttType) {
                names = nil
            } else if let text = try? c.decode(String.self, forKey: .posAttType) {
                names = text.lowercased().split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            } else {
                names = try c.decode([String].self, forKey: .posAttType)
            }
            if let names {
                var kinds: [PositionAttention] = []
                for name in names {
                    guard let kind = PositionAttention(rawValue: name) else {
                        positionAttentionError =
                            "'pos_att_type' entry '\(name)' is not supported (DeBERTa-v2 knows \"c2p\" and \"p2c\""
                            + (name == "p2p" ? "; p2p is DeBERTa v1's" : "") + ")"
                        break
                    }
                    if !kinds.contains(kind) { kinds.append(kind) }
                }
                positionAttention = kinds
            }
        }
    }
}
