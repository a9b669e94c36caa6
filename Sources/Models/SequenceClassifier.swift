import Foundation
import Tensors

/// A transformer encoder with a sequence-classification head: BERT (and MiniLM), DistilBERT or RoBERTa,
/// loaded from a Hugging Face directory and run as `transformers`' `*ForSequenceClassification` in eval mode.
///
/// Shapes: B = sequences, T = padded tokens, N = B·T, C = channels, H = heads, L = labels.
public struct SequenceClassifier: Sendable {
    /// The decoded `config.json`.
    public let config: ModelConfiguration
    public var embeddings: Embeddings
    /// ELECTRA's `embeddings_project`, `[C, E]`, when the embedding width E differs from the hidden width C.
    public var embeddingsProjection: Linear?
    public var layers: [EncoderLayer]
    public var head: ClassificationHead
    /// GPT-2's decoder stack and `score` head; when present, `forward` and `backward` run it and `embeddings`,
    /// `layers` and `head` are empty stand-ins.
    public var decoder: GPT2Decoder?
    /// DeBERTa-v2's own stack, which `forward` and `backward` dispatch to; nil for the other families (for
    /// DeBERTa `embeddings`, `layers` and `head` are empty stand-ins).
    public var deberta: DebertaV2Stack?
    /// The whole ModernBERT stack (`config.architecture == .modernbert`), which the forward and backward passes
    /// run instead of `embeddings`, `layers` and `head` (then placeholders: the word table, no layers, no head).
    public var modernBERT: ModernBERTEncoder?

    /// How much of the forward pass to keep.
    public enum Recording: Sendable {
        /// Logits only: nothing kept between layers, each head's scores in scratch, the last layer's for row 0 only
        /// (cheapest; used for predictions and batched perturbations).
        case logits
        /// Logits and every layer's attention probabilities.
        case attention
        /// Everything the backward pass needs.
        case backward
    }

    /// The result of a forward pass.
    public struct ForwardResult: Sendable {
        /// `[B, L]`.
        public var logits: Tensor
        /// Per layer, `[B, H, T, T]`; empty when recording `.logits`.
        public var attentions: [Tensor]
        /// Per layer, `[B, H, T, AttentionRowSummary.count]`: for every query row of every head its attention
        /// entropy (nats), largest probability, mean distance Σ_j A_ij |i − j| and row total, formed during the
        /// softmax; empty when recording `.logits`. Lets head statistics and rollout skip passes (one with a
        /// logarithm per entry) over the maps.
        public var attentionSummaries: [Tensor]
        /// Present when recording `.backward`.
        public var cache: ForwardCache?
        /// GPT-2's backward cache (instead of `cache`), present when recording `.backward`.
        public var decoderCache: GPT2Decoder.Cache? = nil
        /// Per sequence, the token whose final state the head read (`pooledTokenIndex`); empty when it is the
        /// first token of every sequence (the encoder families).
        public var pooledTokens: [Int] = []

        /// The token the head read in sequence `sequence`: the query row attribution chains start from.
        public func pooledToken(of sequence: Int) -> Int { pooledTokens.isEmpty ? 0 : pooledTokens[sequence] }
    }

    /// Everything `backward` needs.
    public struct ForwardCache: Sendable {
        let batch: TokenBatch
        let ids: [Int]
        /// `inputs_embeds`, `[N, C]`.
        let inputsEmbeds: Tensor
        let embeddings: Embeddings.Cache
        /// The embeddings before `embeddingsProjection`, `[N, E]` (ELECTRA with E ≠ C only).
        let projectionInput: Tensor?
        let layers: [EncoderLayer.Cache]
        let head: ClassificationHead.Cache
        /// DeBERTa-v2's cache (the fields above are then placeholders).
        var deberta: DebertaV2Stack.Cache? = nil
        /// ModernBERT's own cache (the three above are then empty).
        var modernBERT: ModernBERTEncoder.Cache? = nil
    }

    /// Loads `config.json` and the safetensors weights from a model directory.
    /// - Throws: `ModelError` naming the file and what is wrong.
    public static func load(directory: URL) throws -> SequenceClassifier {
        let config = try ModelConfiguration.load(from: directory.appendingPathComponent("config.json"))
        let checkpoint = try Checkpoint.load(directory: directory, config: config)
        return SequenceClassifier(config: config, checkpoint: checkpoint)
    }

    /// Builds the model from verified weights.
    public init(config: ModelConfiguration, checkpoint: Checkpoint) {
        self.config = config
        if config.architecture == .gpt2 {
            decoder = GPT2Decoder(checkpoint, config: config)
            embeddings = .standIn(config)
            layers = []
            head = .standIn
            return
        }
        if let settings = config.deberta {
            deberta = DebertaV2Stack(checkpoint, config: config, settings: settings)
            (embeddings, layers, head) = (.standIn(config), [], .standIn)
            return
        }
        if config.architecture == .modernbert {
            let encoder = ModernBERTEncoder(checkpoint, config: config)
            (modernBERT, embeddings, layers) = (encoder, Embeddings(modernBERTWords: encoder.words, config: config), [])
            head = ClassificationHead(emptyFor: config)
            return
        }
        embeddings = Embeddings(checkpoint, config: config)
        embeddingsProjection =
            checkpoint.tensors["\(WeightNames.embeddingsProjection).weight"] == nil
            ? nil : Linear(checkpoint, WeightNames.embeddingsProjection)
        layers = (0..<config.layerCount).map { EncoderLayer(checkpoint, layer: $0, config: config) }
        head = ClassificationHead(checkpoint, config: config)
    }

    /// Checks that every id is in the vocabulary and every sequence fits the positions.
    public func validate(_ batch: TokenBatch) throws {
        for sequence in batch.sequences {
            guard sequence.count <= config.maxSequenceLength else {
                throw ModelError.sequenceTooLong(length: sequence.count, maximum: config.maxSequenceLength)
            }
            if let bad = sequence.first(where: { $0 < 0 || $0 >= config.vocabularySize }) {
                throw ModelError.tokenOutOfVocabulary(id: bad, vocabularySize: config.vocabularySize)
            }
        }
    }

    /// The padded ids `[B·T]` and word vectors `inputs_embeds[B·T, C]` of a batch.
    public func inputs(_ batch: TokenBatch) throws -> (ids: [Int], inputsEmbeds: Tensor) {
        try validate(batch)
        let ids = batch.paddedIDs(padID: config.padTokenID)
        return (ids, decoder?.wordVectors(ids) ?? deberta?.embeddings.wordVectors(ids) ?? embeddings.wordVectors(ids))
    }

    /// Runs the model on a batch of token sequences.
    /// - Throws: `ModelError` for ids outside the vocabulary or sequences longer than the positions allow.
    public func forward(_ batch: TokenBatch, recording: Recording = .attention) throws -> ForwardResult {
        let (ids, inputsEmbeds) = try inputs(batch)
        return forward(batch, ids: ids, inputsEmbeds: inputsEmbeds, recording: recording)
    }

    /// The forward pass from `inputs_embeds[N, C]` (word vectors, possibly perturbed by a caller), optionally
    /// with one attention probability perturbed (finite-difference checks of ∂logit/∂A).
    ///
    /// With `training` (which needs `.backward`), dropout acts where `transformers` applies it in training mode,
    /// its masks drawn from the context, and the cache keeps what the weight gradients need (see
    /// `trainingStep`); no attention row summaries are formed.
    public func forward(
        _ batch: TokenBatch, ids: [Int], inputsEmbeds: Tensor, recording: Recording,
        perturbation: AttentionPerturbation? = nil, training: TrainingContext? = nil
    ) -> ForwardResult {
        precondition(training == nil || recording == .backward, "a training forward pass records for backward")
        if let decoder {
            precondition(training == nil, "GPT-2 is not trained by this engine")
            return decoder.forward(
                batch, ids: ids, inputsEmbeds: inputsEmbeds, recording: recording, perturbation: perturbation)
        }
        if let deberta {
            precondition(training == nil, "DeBERTa-v2 is not trained (trainingStep throws first)")
            return deberta.forward(batch, inputsEmbeds: inputsEmbeds, recording: recording, perturbation: perturbation)
        }
        if let modernBERT {
            precondition(training == nil, "ModernBERT is not trained here (trainingStep refuses it)")
            return modernBERTForward(
                modernBERT, batch, ids: ids, inputsEmbeds: inputsEmbeds, recording: recording,
                perturbation: perturbation)
        }
        let keep = recording == .backward
        var (hidden, embeddingCache) = embeddings.forward(
            inputsEmbeds: inputsEmbeds, ids: ids, batch: batch, keepCache: keep, training: training)
        // ELECTRA: hidden₀ = embeddings_project(embeddings), [N, E] → [N, C].
        let projectionInput = embeddingsProjection == nil ? nil : hidden
        if let embeddingsProjection { hidden = embeddingsProjection.forward(hidden) }
        var attentions: [Tensor] = []
        var summaries: [Tensor] = []
        var caches: [EncoderLayer.Cache] = []
        for (index, layer) in layers.enumerated() {
            // The head reads only each sequence's first token: the last layer stops at those rows after attention.
            let (output, probabilities, cache, summary) = layer.forward(
                hidden, batch: batch, keepCache: keep, perturbation: perturbation?.layer == index ? perturbation : nil,
                firstRowsOnly: index == layers.count - 1, summarize: recording != .logits && training == nil,
                keepProbabilities: recording != .logits, training: training)
            hidden = output
            if recording != .logits {
                attentions.append(probabilities)
                summaries.append(summary)
            }
            if let cache { caches.append(cache) }
        }
        // Each sequence's first token, [B, C] (the last layer already returned only those rows).
        let first = layers.isEmpty ? hidden.gatheringRows((0..<batch.count).map { $0 * batch.length }) : hidden
        let (logits, headCache) = head.forward(first, training: training)
        var cache: ForwardCache?
        if keep, let embeddingCache {
            cache = ForwardCache(
                batch: batch, ids: ids, inputsEmbeds: inputsEmbeds, embeddings: embeddingCache,
                projectionInput: keep ? projectionInput : nil, layers: caches,
                head: headCache)
        }
        return ForwardResult(logits: logits, attentions: attentions, attentionSummaries: summaries, cache: cache)
    }
}

extension SequenceClassifier {
    /// Loads a base encoder (e.g. all-MiniLM-L6-v2, a `BertModel` checkpoint) and gives it a new,
    /// randomly initialised classification head for `labels`, as `from_pretrained(..., num_labels=)` does.
    /// - Throws: `ModelError` for a missing or malformed configuration or encoder weights, or
    ///   `.invalidTrainingData` for fewer than two, empty or repeated label names.
    public static func load(directory: URL, newHeadFor labels: [String], seed: UInt64) throws -> SequenceClassifier {
        try ModelConfiguration.checkLabels(labels) { .invalidTrainingData($0) }
        var config = try ModelConfiguration.load(from: directory.appendingPathComponent("config.json"))
        config.labels = labels
        let checkpoint = try Checkpoint.load(directory: directory, config: config, newHead: true, seed: seed)
        return SequenceClassifier(config: config, checkpoint: checkpoint)
    }
}
