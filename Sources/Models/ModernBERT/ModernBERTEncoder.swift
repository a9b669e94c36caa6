import Tensors

/// A whole ModernBERT sequence classifier (`ModernBertForSequenceClassification` in eval mode) below the
/// `SequenceClassifier` API:
///
/// ```
/// h₀ = norm(tok_embeddings[ids])                  no absolute positions: rotary inside attention
/// h_l = ModernBERTLayer_l(h_{l−1})                global or sliding-window attention per layer
/// f = final_norm(h_L)
/// p = f[first token]  or  Σ_{i < n} f_i / n       classifier_pooling "cls" or "mean" (real tokens only)
/// logits = classifier(head.norm(act(head.dense(p))))
/// ```
/// Shapes: B = sequences, T = padded tokens, N = B·T, C = channels, V = vocabulary, L = labels.
public struct ModernBERTEncoder: Sendable {
    /// `embeddings.tok_embeddings`, `[V, C]`.
    public var words: Tensor
    /// `embeddings.norm`.
    public var embeddingNorm: LayerNorm
    public var layers: [ModernBERTLayer]
    public var finalNorm: LayerNorm
    /// `head.dense`, `[C, C]`.
    public var headDense: Linear
    /// `head.norm`.
    public var headNorm: LayerNorm
    /// `classifier`, `[L, C]`.
    public var classifier: Linear
    public let settings: ModernBERTSettings

    /// What the backward pass needs.
    public struct Cache: Sendable {
        var embeddingNorm: LayerNorm.Cache
        var layers: [ModernBERTLayer.Cache]
        var finalNorm: LayerNorm.Cache
        /// act′ at the head's dense output, `[B, C]`.
        var headSlopes: [Float]
        var headNorm: LayerNorm.Cache
    }

    init(_ checkpoint: Checkpoint, config: ModelConfiguration) {
        guard let settings = config.modernBERT else { preconditionFailure("a ModernBERT configuration has settings") }
        self.settings = settings
        let c = config.hiddenSize
        let epsilon = config.layerNormEpsilon
        func norm(_ name: String) -> LayerNorm {
            LayerNorm(
                weight: checkpoint("\(name).weight"),
                bias: settings.normBias ? checkpoint("\(name).bias") : Tensor(zeros: [c]), epsilon: epsilon)
        }
        func linear(_ name: String, bias: Bool) -> Linear {
            let weight = checkpoint("\(name).weight")
            return Linear(weight: weight, bias: bias ? checkpoint("\(name).bias") : Tensor(zeros: [weight.shape[0]]))
        }
        words = checkpoint("embeddings.tok_embeddings.weight")
        embeddingNorm = norm("embeddings.norm")
        layers = (0..<config.layerCount).map { l in
            let p = "layers.\(l)"
            let global = settings.globalLayers[l]
            return ModernBERTLayer(
                attentionNorm: l == 0 ? nil : norm("\(p).attn_norm"),
                attention: ModernBERTAttention(
                    projection: linear("\(p).attn.Wqkv", bias: settings.attentionBias),
                    output: linear("\(p).attn.Wo", bias: settings.attentionBias), headCount: config.headCount,
                    isGlobal: global, halfWindow: settings.halfWindow,
                    theta: global ? settings.globalRopeTheta : settings.localRopeTheta),
                mlpNorm: norm("\(p).mlp_norm"), mlpInput: linear("\(p).mlp.Wi", bias: settings.mlpBias),
                mlpOutput: linear("\(p).mlp.Wo", bias: settings.mlpBias), activation: config.activation)
        }
        finalNorm = norm("final_norm")
        headDense = linear("head.dense", bias: settings.classifierBias)
        headNorm = norm("head.norm")
        classifier = linear("classifier", bias: true)
    }

    /// Every tensor a ModernBERT classifier checkpoint holds, by canonical name (without `model.`), with its shape.
    static func expectedShapes(for config: ModelConfiguration) -> [String: [Int]] {
        let settings = config.modernBERT ?? ModernBERTSettings(layerCount: config.layerCount)
        let (c, i) = (config.hiddenSize, config.intermediateSize)
        var shapes: [String: [Int]] = [:]
        func norm(_ name: String) {
            shapes["\(name).weight"] = [c]
            if settings.normBias { shapes["\(name).bias"] = [c] }
        }
        func linear(_ name: String, out: Int, in input: Int, bias: Bool) {
            shapes["\(name).weight"] = [out, input]
            if bias { shapes["\(name).bias"] = [out] }
        }
        shapes["embeddings.tok_embeddings.weight"] = [config.vocabularySize, c]
        norm("embeddings.norm")
        for l in 0..<config.layerCount {
            let p = "layers.\(l)"
            if l > 0 { norm("\(p).attn_norm") }
            linear("\(p).attn.Wqkv", out: 3 * c, in: c, bias: settings.attentionBias)
            linear("\(p).attn.Wo", out: c, in: c, bias: settings.attentionBias)
            norm("\(p).mlp_norm")
            linear("\(p).mlp.Wi", out: 2 * i, in: c, bias: settings.mlpBias)
            linear("\(p).mlp.Wo", out: c, in: i, bias: settings.mlpBias)
        }
        norm("final_norm")
        linear("head.dense", out: c, in: c, bias: settings.classifierBias)
        norm("head.norm")
        linear("classifier", out: config.labels.count, in: c, bias: true)
        return shapes
    }

    /// The forward pass from `inputs_embeds[N, C]` (the word vectors `tok_embeddings[ids]`).
    func forward(
        _ batch: TokenBatch, inputsEmbeds: Tensor, recording: SequenceClassifier.Recording,
        perturbation: AttentionPerturbation?
    ) -> (
        logits: Tensor, attentions: [Tensor], summaries: [Tensor], cache: Cache?
    ) {
        let keep = recording == .backward
        var (hidden, embeddingCache) = embeddingNorm.forward(inputsEmbeds, keepCache: keep)
        var attentions: [Tensor] = []
        var summaries: [Tensor] = []
        var caches: [ModernBERTLayer.Cache] = []
        for (index, layer) in layers.enumerated() {
            let (output, probabilities, cache, summary) = layer.forward(
                hidden, batch: batch, keepCache: keep, perturbation: perturbation?.layer == index ? perturbation : nil,
                summarize: recording != .logits, keepProbabilities: recording != .logits)
            hidden = output
            if recording != .logits {
                attentions.append(probabilities)
                summaries.append(summary)
            }
            if let cache { caches.append(cache) }
        }
        let (final, finalCache) = finalNorm.forward(hidden, keepCache: keep)  // [N, C]
        var dense = headDense.forward(pooled(final, batch: batch))  // [B, C]
        var slopes: [Float] = []
        if keep {
            slopes = settings.classifierActivation.applyKeepingSlopes(&dense.scalars)
        } else {
            settings.classifierActivation.apply(&dense.scalars)
        }
        let (normed, headNormCache) = headNorm.forward(dense, keepCache: keep)
        let logits = classifier.forward(normed)
        var cache: Cache?
        if keep, let embeddingCache, let finalCache, let headNormCache {
            cache = Cache(
                embeddingNorm: embeddingCache, layers: caches, finalNorm: finalCache, headSlopes: slopes,
                headNorm: headNormCache)
        }
        return (logits, attentions, summaries, cache)
    }

    /// `[N, C]` → `[B, C]`: each sequence's first row, or the mean of its real rows.
    func pooled(_ hidden: Tensor, batch: TokenBatch) -> Tensor {
        let (b, t) = (batch.count, batch.length)
        switch settings.pooling {
        case .cls:
            return hidden.gatheringRows((0..<b).map { $0 * t })
        case .mean:
            let c = hidden.count / (b * t)
            var out = [Float](repeating: 0, count: b * c)
            for s in 0..<b {
                let n = batch.length(of: s)
                for r in 0..<n {
                    for j in 0..<c { out[s * c + j] += hidden.scalars[(s * t + r) * c + j] }
                }
                for j in 0..<c { out[s * c + j] /= Float(n) }
            }
            return Tensor(shape: [b, c], scalars: out)
        }
    }

    /// The backward step of `pooled`: `[B, C]` → `[N, C]` (padded rows get no gradient).
    func unpooled(_ dPooled: Tensor, batch: TokenBatch) -> Tensor {
        let (b, t) = (batch.count, batch.length)
        switch settings.pooling {
        case .cls:
            return dPooled.scatteringRows((0..<b).map { $0 * t }, count: b * t)
        case .mean:
            let c = dPooled.count / b
            var out = [Float](repeating: 0, count: b * t * c)
            for s in 0..<b {
                let n = batch.length(of: s)
                for r in 0..<n {
                    for j in 0..<c { out[(s * t + r) * c + j] = dPooled.scalars[s * c + j] / Float(n) }
                }
            }
            return Tensor(shape: [b * t, c], scalars: out)
        }
    }

    /// Back-propagates `dLogits[B, L]` to every attention map and to `inputs_embeds` (see
    /// `SequenceClassifier.backward(_:dLogits:observer:keepAttentionGradients:sink:)`).
    func backward(
        _ dLogits: Tensor, attentions: [Tensor], cache: Cache, batch: TokenBatch,
        observer: (any AttentionGradientObserver)?, keepAttentionGradients: Bool
    ) -> (attention: [Tensor], inputsEmbeds: Tensor) {
        // logits = classifier(head.norm(act(head.dense(p))))
        let dNormed = classifier.backwardInput(dLogits)  // [B, C]
        var dDense = headNorm.backwardInput(dNormed, cache: cache.headNorm)
        dDense.multiply(cache.headSlopes)
        let dPooled = headDense.backwardInput(dDense)  // [B, C]
        // p = pool(final_norm(h_L))
        var dHidden = finalNorm.backwardInput(unpooled(dPooled, batch: batch), cache: cache.finalNorm)  // [N, C]
        var dAttention = [Tensor](repeating: Tensor(zeros: [0]), count: keepAttentionGradients ? layers.count : 0)
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            let visit: SelfAttention.HeadVisit? = observer.map { observer in
                { _, head, block in observer.observe(layer: l, head: head, block: block) }
            }
            let (dInput, dProbabilities) = layers[l].backward(
                dHidden, probabilities: attentions[l], cache: cache.layers[l], batch: batch,
                keepAttentionGradients: keepAttentionGradients, visit: visit)
            observer?.finish(layer: l)
            dHidden = dInput
            if keepAttentionGradients { dAttention[l] = dProbabilities }
        }
        // h₀ = norm(inputs_embeds)
        return (dAttention, embeddingNorm.backwardInput(dHidden, cache: cache.embeddingNorm))
    }
}

// MARK: - Plain initialisers for the shared layer types

extension LayerNorm {
    /// A LayerNorm from its tensors (ModernBERT's may have no bias: pass zeros).
    init(weight: Tensor, bias: Tensor, epsilon: Float) {
        (self.weight, self.bias, self.epsilon) = (weight, bias, epsilon)
    }
}

extension Embeddings {
    /// Only the word table, for a ModernBERT classifier (its own stack does the rest): `SequenceClassifier.inputs`
    /// reads the word vectors from it.
    init(modernBERTWords words: Tensor, config: ModelConfiguration) {
        self.words = words
        positions = Tensor(zeros: [0])
        tokenTypes = nil
        norm = LayerNorm(weight: Tensor(zeros: [0]), bias: Tensor(zeros: [0]), epsilon: config.layerNormEpsilon)
        architecture = config.architecture
        padTokenID = config.padTokenID
    }
}

extension ClassificationHead {
    /// An empty head, for a ModernBERT classifier (whose head lives in `ModernBERTEncoder`).
    init(emptyFor config: ModelConfiguration) {
        let none = Linear(weight: Tensor(zeros: [0, 0]), bias: Tensor(zeros: [0]))
        (dense, output, usesTanh, activation) = (none, none, false, nil)
    }
}
