import Foundation
import Tensors

/// `DebertaV2ForSequenceClassification` in eval mode: embeddings, encoder with disentangled attention over a
/// shared relative table, `ContextPooler` (first token → dense → `pooler_hidden_act`) and `classifier`.
///
/// `SequenceClassifier` dispatches its forward and backward passes here for `model_type: "deberta-v2"`, so every
/// attribution method (which reads only `ForwardResult.attentions`, the ∂logit/∂A of `backward` and the word
/// vectors) applies unchanged. Fine-tuning is not supported. Shapes: B sequences, T tokens, N = B·T, E
/// embedding width, C channels, R relative table rows, L labels.
public struct DebertaV2Stack: Sendable {
    public let settings: DebertaSettings
    public var embeddings: DebertaEmbeddings
    /// `encoder.rel_embeddings`, `[R, C]`, with relative attention.
    public var relativeEmbeddings: Tensor?
    /// `encoder.LayerNorm` over the relative table (`norm_rel_ebd: "layer_norm"`).
    public var relativeNorm: LayerNorm?
    public var layers: [DebertaLayer]
    /// `encoder.conv`, applied after the first layer (`conv_kernel_size` > 0).
    public var convolution: DebertaConvolution?
    /// `pooler.dense`.
    public var pooler: Linear
    public var classifier: Linear
    let config: ModelConfiguration

    init(_ checkpoint: Checkpoint, config: ModelConfiguration, settings: DebertaSettings) {
        self.settings = settings
        self.config = config
        embeddings = DebertaEmbeddings(checkpoint, config: config, settings: settings)
        relativeEmbeddings = settings.relativeAttention ? checkpoint("encoder.rel_embeddings.weight") : nil
        relativeNorm =
            settings.normalizesRelativeEmbeddings
            ? LayerNorm(checkpoint, "encoder.LayerNorm", epsilon: config.layerNormEpsilon) : nil
        layers = (0..<config.layerCount).map {
            DebertaLayer(checkpoint, layer: $0, config: config, settings: settings)
        }
        convolution = settings.convolution.map { DebertaConvolution(checkpoint, config: config, settings: $0) }
        pooler = Linear(checkpoint, "pooler.dense")
        classifier = Linear(checkpoint, "classifier")
    }

    /// What the backward pass needs.
    public struct Cache: Sendable {
        var embeddings: DebertaEmbeddings.Cache
        var layers: [DebertaLayer.Cache]
        var convolution: DebertaConvolution.Cache?
        var positions: RelativePositions?
        /// Each sequence's first token after the last layer, `[B, C]`.
        var first: Tensor
        /// The pooler's derivative at its pre-activation, `[B, C]`.
        var poolerSlopes: [Float]
    }

    /// The relative table every layer reads, `[R, C]` (`get_rel_embedding`): layer-normalised when asked.
    func relativeTable() -> Tensor? {
        guard let relativeEmbeddings else { return nil }
        return relativeNorm.map { $0.forward(relativeEmbeddings).0 } ?? relativeEmbeddings
    }

    /// The row indices of the relative table for `length` tokens.
    func relativePositions(length: Int) -> RelativePositions? {
        guard settings.relativeAttention else { return nil }
        return RelativePositions(
            length: length, buckets: settings.positionBuckets, limit: settings.relativeLimit(config),
            span: settings.attentionSpan(config))
    }

    /// The forward pass from `inputs_embeds[N, E]` (see `SequenceClassifier.forward`).
    func forward(
        _ batch: TokenBatch, inputsEmbeds: Tensor, recording: SequenceClassifier.Recording,
        perturbation: AttentionPerturbation?
    ) -> SequenceClassifier.ForwardResult {
        let keep = recording == .backward
        let (b, t) = (batch.count, batch.length)
        var (hidden, embeddingCache) = embeddings.forward(inputsEmbeds: inputsEmbeds, batch: batch, keepCache: keep)
        let embedded = hidden  // h₀, which the convolution reads
        var convolutionCache: DebertaConvolution.Cache?
        let table = relativeTable()
        let positions = relativePositions(length: t)
        var attentions: [Tensor] = []
        var summaries: [Tensor] = []
        var caches: [DebertaLayer.Cache] = []
        for (index, layer) in layers.enumerated() {
            let (output, probabilities, cache, summary) = layer.forward(
                hidden, batch: batch, table: table, positions: positions, keepCache: keep,
                perturbation: perturbation?.layer == index ? perturbation : nil, summarize: recording != .logits,
                keepProbabilities: recording != .logits)
            hidden = output
            if index == 0, let convolution {
                (hidden, convolutionCache) = convolution.forward(
                    embedded, residual: output, batch: batch, keepCache: keep)
            }
            if recording != .logits {
                attentions.append(probabilities)
                summaries.append(summary)
            }
            if let cache { caches.append(cache) }
        }
        // ContextPooler: first token → dense → pooler_hidden_act; then the classifier.
        let first = hidden.gatheringRows((0..<b).map { $0 * t })  // [B, C]
        var pooled = pooler.forward(first)  // [B, C]
        let slopes = Self.activate(&pooled.scalars, settings.poolerActivation)
        let logits = classifier.forward(pooled)  // [B, L]
        var cache: SequenceClassifier.ForwardCache?
        if keep, let embeddingCache {
            let deberta = Cache(
                embeddings: embeddingCache, layers: caches, convolution: convolutionCache, positions: positions,
                first: first, poolerSlopes: slopes)
            cache = .deberta(batch: batch, inputsEmbeds: inputsEmbeds, deberta)
        }
        return SequenceClassifier.ForwardResult(
            logits: logits, attentions: attentions, attentionSummaries: summaries, cache: cache)
    }

    /// Back-propagates `dLogits[B, L]` to every attention map and to `inputs_embeds[N, E]`.
    func backward(
        _ result: SequenceClassifier.ForwardResult, cache: Cache, batch: TokenBatch, dLogits: Tensor,
        observer: (any AttentionGradientObserver)?, keepAttentionGradients: Bool
    ) -> (attention: [Tensor], inputsEmbeds: Tensor) {
        let (b, t) = (batch.count, batch.length)
        // logits = act(first·Wpᵀ + bp)·Wcᵀ + bc
        var dPooled = classifier.backwardInput(dLogits)  // [B, C]
        dPooled.multiply(cache.poolerSlopes)
        let dFirst = pooler.backwardInput(dPooled)  // [B, C]
        var dHidden = dFirst.scatteringRows((0..<b).map { $0 * t }, count: b * t)  // [N, C]
        var dAttention = [Tensor](repeating: Tensor(zeros: [0]), count: keepAttentionGradients ? layers.count : 0)
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            let visit: SelfAttention.HeadVisit? = observer.map { observer in
                { _, head, block in observer.observe(layer: l, head: head, block: block) }
            }
            // y₀ = conv(h₀, layer₀(h₀))  ⇒  h₀ gets the convolution's share besides the layer's
            var dEmbedded: Tensor?
            if l == 0, let convolution, let convolutionCache = cache.convolution {
                (dEmbedded, dHidden) = convolution.backward(dHidden, cache: convolutionCache, batch: batch)
            }
            let (dInput, dProbabilities) = layers[l].backward(
                dHidden, probabilities: result.attentions[l], cache: cache.layers[l], batch: batch,
                positions: cache.positions, keepAttentionGradients: keepAttentionGradients, visit: visit)
            observer?.finish(layer: l)
            dHidden = dInput
            if let dEmbedded { dHidden.add(dEmbedded) }
            if keepAttentionGradients { dAttention[l] = dProbabilities }
        }
        return (dAttention, embeddings.backward(dHidden, cache: cache.embeddings))
    }

    /// Applies the pooler activation in place and returns its derivative at the original values.
    static func activate(_ values: inout [Float], _ activation: DebertaSettings.PoolerActivation) -> [Float] {
        switch activation {
        case .activation(let function):
            return function.applyKeepingSlopes(&values)
        case .tanh:
            for i in values.indices { values[i] = Foundation.tanh(values[i]) }
            return values.map { 1 - $0 * $0 }
        }
    }
}
