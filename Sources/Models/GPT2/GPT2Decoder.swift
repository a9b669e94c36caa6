import Foundation
import Tensors

/// GPT-2 with a sequence-classification head (`GPT2ForSequenceClassification`, eval mode): token and learned
/// position embeddings, pre-norm blocks with causal attention, a final LayerNorm, and `score` (no bias) applied
/// to the last non-padding token of each sequence.
///
/// ```
/// h₀ = wte[ids] + wpe[0..<T]
/// a  = c_proj(CausalAttention(ln_1(h)));     h' = h + a         // GPT2Block: attn
/// m  = mlp.c_proj(act(c_fc(ln_2(h'))));      y = h' + m         // GPT2Block: mlp
/// z  = ln_f(h_L);  logits = z[pooled] · W_scoreᵀ
/// ```
/// Conv1D layers store their weight as `[in, out]`; they are loaded transposed into `Linear` (`[out, in]`), so
/// forward and backward are `Linear`'s. Shapes: B = sequences, T = padded tokens, N = B·T, C = channels,
/// I = inner width, L = labels.
public struct GPT2Decoder: Sendable {
    /// `wte`, `[V, C]`.
    public var tokens: Tensor
    /// `wpe`, `[P, C]`.
    public var positions: Tensor
    public var blocks: [Block]
    /// `ln_f`.
    public var finalNorm: LayerNorm
    /// `score` as a `Linear` with a zero bias, weight `[L, C]`.
    public var score: Linear
    public let padTokenID: Int
    /// Whether `config.json` names a padding token (see `pooledTokenIndex`).
    public let hasPadToken: Bool

    /// One pre-norm block (`GPT2Block`).
    public struct Block: Sendable {
        public var norm1: LayerNorm
        public var attention: CausalSelfAttention
        /// `attn.c_proj`.
        public var attentionOutput: Linear
        public var norm2: LayerNorm
        /// `mlp.c_fc`.
        public var inner: Linear
        /// `mlp.c_proj`.
        public var outer: Linear
        public let activation: Activation

        struct Cache: Sendable {
            var norm1: LayerNorm.Cache
            var attention: CausalSelfAttention.Cache
            var norm2: LayerNorm.Cache
            /// act′ at the `c_fc` output, `[N, I]`.
            var slopes: [Float]
        }

        /// `x[N, C]` → `y[N, C]`, the block's attention maps `[B, H, T, T]` and their row summaries.
        func forward(
            _ x: Tensor, batch: TokenBatch, keepCache: Bool, perturbation: AttentionPerturbation?, summarize: Bool
        ) -> (output: Tensor, probabilities: Tensor, cache: Cache?, summaries: Tensor) {
            let (normalized1, norm1Cache) = norm1.forward(x, keepCache: keepCache)  // ln_1(x), [N, C]
            let (context, probabilities, attentionCache, summaries) = attention.forward(
                normalized1, batch: batch, keepCache: keepCache, perturbation: perturbation, summarize: summarize)
            var h = attentionOutput.forward(context)  // a, [N, C]
            h.add(x)  // h' = x + a
            let (normalized2, norm2Cache) = norm2.forward(h, keepCache: keepCache)  // ln_2(h'), [N, C]
            var activated = inner.forward(normalized2)  // [N, I]
            var slopes: [Float] = []
            if keepCache {
                slopes = activation.applyKeepingSlopes(&activated.scalars)
            } else {
                activation.apply(&activated.scalars)
            }
            var y = outer.forward(activated)  // m, [N, C]
            y.add(h)  // y = h' + m
            var cache: Cache?
            if keepCache, let norm1Cache, let attentionCache, let norm2Cache {
                cache = Cache(norm1: norm1Cache, attention: attentionCache, norm2: norm2Cache, slopes: slopes)
            }
            return (y, probabilities, cache, summaries)
        }

        /// `dOutput[N, C]` → `dInput[N, C]` and ∂L/∂A `[B, H, T, T]`.
        func backward(
            _ dOutput: Tensor, probabilities: Tensor, cache: Cache, batch: TokenBatch, visit: SelfAttention.HeadVisit?
        ) -> (dInput: Tensor, dProbabilities: Tensor) {
            // y = h' + outer(act(inner(ln_2(h'))))
            var dActivated = outer.backwardInput(dOutput)  // [N, I]
            dActivated.multiply(cache.slopes)
            let dNormalized2 = inner.backwardInput(dActivated)  // [N, C]
            var dH = norm2.backwardInput(dNormalized2, cache: cache.norm2)
            dH.add(dOutput)
            // h' = x + attentionOutput(attention(ln_1(x)))
            let dContext = attentionOutput.backwardInput(dH)
            let (dNormalized1, dProbabilities) = attention.backward(
                dContext, probabilities: probabilities, cache: cache.attention, batch: batch, visit: visit)
            var dInput = norm1.backwardInput(dNormalized1, cache: cache.norm1)
            dInput.add(dH)
            return (dInput, dProbabilities)
        }
    }

    /// What the backward pass needs from the forward pass.
    public struct Cache: Sendable {
        let batch: TokenBatch
        /// `inputs_embeds`, `[N, C]`.
        let inputsEmbeds: Tensor
        let blocks: [Block.Cache]
        let finalNorm: LayerNorm.Cache
        /// The row of each sequence's pooled token in `[N, ·]`.
        let pooledRows: [Int]
    }

    init(_ checkpoint: Checkpoint, config: ModelConfiguration) {
        let epsilon = config.layerNormEpsilon
        tokens = checkpoint("wte.weight")
        positions = checkpoint("wpe.weight")
        blocks = (0..<config.layerCount).map { l in
            let p = "h.\(l)"
            return Block(
                norm1: LayerNorm(checkpoint, "\(p).ln_1", epsilon: epsilon),
                attention: CausalSelfAttention(
                    projection: Self.conv1D(checkpoint, "\(p).attn.c_attn"), headCount: config.headCount),
                attentionOutput: Self.conv1D(checkpoint, "\(p).attn.c_proj"),
                norm2: LayerNorm(checkpoint, "\(p).ln_2", epsilon: epsilon),
                inner: Self.conv1D(checkpoint, "\(p).mlp.c_fc"), outer: Self.conv1D(checkpoint, "\(p).mlp.c_proj"),
                activation: config.activation)
        }
        finalNorm = LayerNorm(checkpoint, "ln_f", epsilon: epsilon)
        let scoreWeight = checkpoint("score.weight")
        score = Linear(weight: scoreWeight, bias: Tensor(zeros: [scoreWeight.shape[0]]))
        padTokenID = config.padTokenID
        hasPadToken = config.hasPadToken
    }

    /// A `transformers` Conv1D (`y = x · W + b`, W `[in, out]`) as a `Linear` (`[out, in]`).
    static func conv1D(_ checkpoint: Checkpoint, _ name: String) -> Linear {
        Linear(weight: transposed(checkpoint("\(name).weight")), bias: checkpoint("\(name).bias"))
    }

    /// `[r, c]` → `[c, r]`.
    static func transposed(_ matrix: Tensor) -> Tensor {
        let (rows, columns) = (matrix.shape[0], matrix.shape[1])
        var out = [Float](repeating: 0, count: matrix.count)
        for i in 0..<rows {
            for j in 0..<columns { out[j * rows + i] = matrix.scalars[i * columns + j] }
        }
        return Tensor(shape: [columns, rows], scalars: out)
    }

    /// The token whose final state `score` reads: as `GPT2ForSequenceClassification`, the last token that is not
    /// the padding token (the rightmost one whose id differs from `pad_token_id`; 0 if every token is padding),
    /// or, without a padding token in the configuration, the last token.
    public func pooledTokenIndex(_ ids: [Int]) -> Int {
        guard hasPadToken else { return max(0, ids.count - 1) }
        return ids.lastIndex { $0 != padTokenID } ?? 0
    }

    /// `wte[ids]`, `[N, C]`.
    func wordVectors(_ ids: [Int]) -> Tensor {
        let c = tokens.shape[1]
        var out = [Float](repeating: 0, count: ids.count * c)
        for (r, id) in ids.enumerated() {
            for j in 0..<c { out[r * c + j] = tokens.scalars[id * c + j] }
        }
        return Tensor(shape: [ids.count, c], scalars: out)
    }

    /// The forward pass from `inputs_embeds[N, C]` (see `SequenceClassifier.forward`).
    func forward(
        _ batch: TokenBatch, ids: [Int], inputsEmbeds: Tensor, recording: SequenceClassifier.Recording,
        perturbation: AttentionPerturbation?
    ) -> SequenceClassifier.ForwardResult {
        let keep = recording == .backward
        let (t, c) = (batch.length, tokens.shape[1])
        var hidden = inputsEmbeds  // h₀ = inputs_embeds + wpe[i]
        for r in 0..<hidden.shape[0] {
            let position = r % t
            for j in 0..<c { hidden.scalars[r * c + j] += positions.scalars[position * c + j] }
        }
        var attentions: [Tensor] = []
        var summaries: [Tensor] = []
        var caches: [Block.Cache] = []
        for (l, block) in blocks.enumerated() {
            let (output, probabilities, cache, summary) = block.forward(
                hidden, batch: batch, keepCache: keep, perturbation: perturbation?.layer == l ? perturbation : nil,
                summarize: recording != .logits)
            hidden = output
            if recording != .logits {
                attentions.append(probabilities)
                summaries.append(summary)
            }
            if let cache { caches.append(cache) }
        }
        let (final, finalCache) = finalNorm.forward(hidden, keepCache: keep)  // z = ln_f(h_L)
        let pooledRows = (0..<batch.count).map { s in
            s * t + pooledTokenIndex(Array(ids[(s * t)..<((s + 1) * t)]))
        }
        let logits = score.forward(final.gatheringRows(pooledRows))  // [B, L]
        var result = SequenceClassifier.ForwardResult(
            logits: logits, attentions: attentions, attentionSummaries: summaries, cache: nil)
        result.pooledTokens = pooledRows.enumerated().map { s, row in row - s * t }
        if keep, let finalCache {
            result.decoderCache = Cache(
                batch: batch, inputsEmbeds: inputsEmbeds, blocks: caches, finalNorm: finalCache, pooledRows: pooledRows)
        }
        return result
    }

    /// `dLogits[B, L]` → per layer ∂L/∂A `[B, H, T, T]` and ∂L/∂inputs_embeds `[N, C]`.
    func backward(
        _ result: SequenceClassifier.ForwardResult, cache: Cache, dLogits: Tensor,
        observer: (any AttentionGradientObserver)?, keepAttentionGradients: Bool
    ) -> (attention: [Tensor], inputsEmbeds: Tensor) {
        let batch = cache.batch
        let n = batch.count * batch.length
        // logits = z[pooled] · Wᵀ  ⇒  dz[pooled] = dLogits · W, zero elsewhere
        let dFinal = score.backwardInput(dLogits).scatteringRows(cache.pooledRows, count: n)
        var dHidden = finalNorm.backwardInput(dFinal, cache: cache.finalNorm)  // z = ln_f(h_L)
        var dAttention = [Tensor](repeating: Tensor(zeros: [0]), count: keepAttentionGradients ? blocks.count : 0)
        for l in stride(from: blocks.count - 1, through: 0, by: -1) {
            let visit: SelfAttention.HeadVisit? = observer.map { observer in
                { _, head, block in observer.observe(layer: l, head: head, block: block) }
            }
            let (dInput, dProbabilities) = blocks[l].backward(
                dHidden, probabilities: result.attentions[l], cache: cache.blocks[l], batch: batch, visit: visit)
            observer?.finish(layer: l)
            dHidden = dInput
            if keepAttentionGradients { dAttention[l] = dProbabilities }
        }
        // h₀ = inputs_embeds + wpe  ⇒  d inputs_embeds = dh₀
        return (dAttention, dHidden)
    }
}

extension WeightNames {
    /// GPT-2's tensors by canonical name (without `transformer.`), Conv1D weights as stored: `[in, out]`.
    static func gpt2Shapes(for config: ModelConfiguration) -> [String: [Int]] {
        let (c, i) = (config.hiddenSize, config.intermediateSize)
        var shapes: [String: [Int]] = [
            "wte.weight": [config.vocabularySize, c], "wpe.weight": [config.maxPositions, c],
            "ln_f.weight": [c], "ln_f.bias": [c], "score.weight": [config.labels.count, c],
        ]
        for l in 0..<config.layerCount {
            let p = "h.\(l)"
            for (name, input, output) in [
                ("attn.c_attn", c, 3 * c), ("attn.c_proj", c, c), ("mlp.c_fc", c, i), ("mlp.c_proj", i, c),
            ] {
                shapes["\(p).\(name).weight"] = [input, output]
                shapes["\(p).\(name).bias"] = [output]
            }
            for norm in ["ln_1", "ln_2"] {
                shapes["\(p).\(norm).weight"] = [c]
                shapes["\(p).\(norm).bias"] = [c]
            }
        }
        return shapes
    }
}

extension GPT2Decoder {
    /// Every parameter under its canonical name (`h.0.attn.c_attn.weight`, …), Conv1D weights in the checkpoint's
    /// `[in, out]` layout (transposed to and from `Linear`'s around `body`), `score.weight` without a bias.
    mutating func updateParameters(_ body: (String, inout Tensor) -> Void) {
        body("wte.weight", &tokens)
        body("wpe.weight", &positions)
        func conv1D(_ name: String, _ layer: inout Linear) {
            var weight = Self.transposed(layer.weight)
            body("\(name).weight", &weight)
            layer.weight = Self.transposed(weight)
            body("\(name).bias", &layer.bias)
        }
        func norm(_ name: String, _ layer: inout LayerNorm) {
            body("\(name).weight", &layer.weight)
            body("\(name).bias", &layer.bias)
        }
        for l in blocks.indices {
            let p = "h.\(l)"
            norm("\(p).ln_1", &blocks[l].norm1)
            conv1D("\(p).attn.c_attn", &blocks[l].attention.projection)
            conv1D("\(p).attn.c_proj", &blocks[l].attentionOutput)
            norm("\(p).ln_2", &blocks[l].norm2)
            conv1D("\(p).mlp.c_fc", &blocks[l].inner)
            conv1D("\(p).mlp.c_proj", &blocks[l].outer)
        }
        norm("ln_f", &finalNorm)
        body("score.weight", &score.weight)
    }
}

extension Embeddings {
    /// An empty stand-in for a family without these embeddings (GPT-2 and DeBERTa-v2, whose stacks hold their own).
    static func standIn(_ config: ModelConfiguration) -> Embeddings { Embeddings(standInFor: config) }

    private init(standInFor config: ModelConfiguration) {
        words = Tensor(zeros: [0, 0])
        positions = Tensor(zeros: [0, 0])
        tokenTypes = nil
        norm = LayerNorm(standIn: ())
        architecture = config.architecture
        padTokenID = config.padTokenID
    }
}

extension LayerNorm {
    fileprivate init(standIn: Void) {
        weight = Tensor(zeros: [0])
        bias = Tensor(zeros: [0])
        epsilon = 1
    }
}

extension ClassificationHead {
    /// An empty stand-in for a family whose head is elsewhere (GPT-2's `score` in `GPT2Decoder`, DeBERTa-v2's pooler
    /// and classifier in `DebertaV2Stack`).
    static var standIn: ClassificationHead { ClassificationHead(standIn: ()) }

    private init(standIn: Void) {
        dense = Linear(weight: Tensor(zeros: [0, 0]), bias: Tensor(zeros: [0]))
        output = dense
        usesTanh = false
        activation = nil
    }
}

extension SequenceClassifier {
    /// The token whose final state the head reads, for one sequence's ids: 0 (`[CLS]`, `<s>`) for the encoder
    /// families, the last non-padding token for GPT-2 (`GPT2Decoder.pooledTokenIndex`). Attribution reads this row
    /// of the attention chains.
    public func pooledTokenIndex(_ ids: [Int]) -> Int {
        decoder?.pooledTokenIndex(ids) ?? 0
    }
}
