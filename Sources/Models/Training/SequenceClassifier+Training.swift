import Foundation
import Tensors

/// The training pass: forward with dropout, mean cross-entropy over the batch, and the gradient of every
/// parameter (extending the input-gradient backward pass of `SequenceClassifier+Backward.swift`).
///
/// Shapes: B = sequences, T = padded tokens, N = B·T, C = channels, V = vocabulary, L = labels.
/// The loss is `transformers`' `CrossEntropyLoss()(logits, labels)` (mean over the batch).
extension SequenceClassifier {
    /// The result of one training forward and backward pass.
    public struct TrainingStep: Sendable {
        /// Mean cross-entropy over the batch.
        public var loss: Float
        /// `[B, L]`.
        public var logits: Tensor
        /// ∂loss/∂θ for every parameter.
        public var gradients: ParameterGradients
    }

    /// Runs the training forward pass with dropout, the loss and the full backward pass.
    ///
    /// - Parameters:
    ///   - batch: padded on the right; padded keys are masked as in inference.
    ///   - labels: one class index per sequence.
    ///   - dropout: rates (``DropoutRates/none`` for deterministic gradient checks).
    ///   - generator: the source of dropout masks.
    /// - Throws: `ModelError` for ids outside the vocabulary, over-long sequences or bad labels.
    public func trainingStep(
        _ batch: TokenBatch, labels: [Int], dropout: DropoutRates, generator: inout SeededGenerator
    ) throws -> TrainingStep {
        try validate(batch)
        guard labels.count == batch.count else {
            throw ModelError.invalidTrainingData("\(labels.count) labels for a batch of \(batch.count)")
        }
        if let bad = labels.first(where: { $0 < 0 || $0 >= config.labels.count }) {
            throw ModelError.invalidTrainingData("label index \(bad) outside 0..<\(config.labels.count)")
        }
        let b = batch.count
        let t = batch.length
        let c = config.hiddenSize
        let architecture = config.architecture
        let ids = batch.paddedIDs(padID: config.padTokenID)
        let hiddenDropout = Dropout(rate: dropout.hidden)
        let classifierDropout = Dropout(rate: dropout.classifier)

        // MARK: Forward
        // h₀ = dropout(LN(words[ids] + positions + types))
        let positionIDs = embeddings.positionIDs(ids, batch: batch)
        var sum = embeddings.wordVectors(ids).scalars  // [N, C]
        for r in 0..<ids.count {
            let p = positionIDs[r]
            for j in 0..<c { sum[r * c + j] += embeddings.positions.scalars[p * c + j] }
            if let types = embeddings.tokenTypes { for j in 0..<c { sum[r * c + j] += types.scalars[j] } }
        }
        let (normalized, normCacheOptional) = embeddings.norm.forward(
            Tensor(shape: [ids.count, c], scalars: sum), keepCache: true)
        guard let embeddingNorm = normCacheOptional else { preconditionFailure("LayerNorm returned no cache") }
        var hidden = normalized
        let embeddingMask = hiddenDropout.mask(count: hidden.count, using: &generator)
        hiddenDropout.apply(&hidden.scalars, mask: embeddingMask)
        var caches: [EncoderLayer.TrainingCache] = []
        for (index, layer) in layers.enumerated() {
            // The last layer computes only the first rows, the head's input: `hidden` becomes [B, C].
            let (output, cache) = layer.forwardTraining(
                hidden, batch: batch, rates: dropout, architecture: architecture, generator: &generator,
                firstRowsOnly: index == layers.count - 1)
            hidden = output
            caches.append(cache)
        }
        // Head input: each sequence's first token, [B, C] (RoBERTa drops it out before the dense layer).
        var first =
            layers.isEmpty ? (0..<b).flatMap { hidden.scalars[($0 * t * c)..<($0 * t * c + c)] } : hidden.scalars
        let headInputMask =
            architecture == .roberta ? classifierDropout.mask(count: first.count, using: &generator) : []
        classifierDropout.apply(&first, mask: headInputMask)
        let headInput = Tensor(shape: [b, c], scalars: first)
        var pooled = head.dense.forward(headInput)  // [B, C]
        for i in pooled.scalars.indices {
            pooled.scalars[i] = head.usesTanh ? tanh(pooled.scalars[i]) : max(0, pooled.scalars[i])
        }
        let activatedPooled = pooled
        let pooledMask = classifierDropout.mask(count: pooled.count, using: &generator)
        classifierDropout.apply(&pooled.scalars, mask: pooledMask)
        let logits = head.output.forward(pooled)  // [B, L]

        // MARK: Loss, ∂loss/∂logits = (softmax − onehot) / B
        let l = config.labels.count
        var loss: Double = 0
        var dLogits = [Float](repeating: 0, count: b * l)
        for s in 0..<b {
            let row = Array(logits.scalars[(s * l)..<((s + 1) * l)])
            let maximum = row.max() ?? 0
            let exps = row.map { exp(Double($0 - maximum)) }
            let total = exps.reduce(0, +)
            loss += log(total) - Double(row[labels[s]] - maximum)
            for j in 0..<l {
                let p = exps[j] / total - (j == labels[s] ? 1 : 0)
                dLogits[s * l + j] = Float(p / Double(b))
            }
        }

        // MARK: Backward
        var gradients = ParameterGradients()
        let headNames = WeightNames.headNames(architecture)
        let gOut = head.output.backward(dOutput: Tensor(shape: [b, l], scalars: dLogits), input: pooled)
        gradients.set(headNames.output, gOut.dWeight, gOut.dBias)
        var dPooled = gOut.dInput
        classifierDropout.apply(&dPooled.scalars, mask: pooledMask)
        for i in dPooled.scalars.indices {
            let a = activatedPooled.scalars[i]
            dPooled.scalars[i] *= head.usesTanh ? 1 - a * a : (a > 0 ? 1 : 0)
        }
        let gDense = head.dense.backward(dOutput: dPooled, input: headInput)
        gradients.set(headNames.dense, gDense.dWeight, gDense.dBias)
        var dFirst = gDense.dInput
        classifierDropout.apply(&dFirst.scalars, mask: headInputMask)
        var dHidden = dFirst  // [B, C]: the last layer's output rows
        if layers.isEmpty {
            dHidden = Tensor(zeros: [b * t, c])
            for s in 0..<b { for j in 0..<c { dHidden.scalars[s * t * c + j] = dFirst.scalars[s * c + j] } }
        }
        for index in stride(from: layers.count - 1, through: 0, by: -1) {
            dHidden = layers[index].backwardTraining(
                dHidden, cache: caches[index], batch: batch, rates: dropout, architecture: architecture,
                names: WeightNames.layerNames(index, architecture), into: &gradients)
        }
        hiddenDropout.apply(&dHidden.scalars, mask: embeddingMask)
        let gNorm = embeddings.norm.backward(dHidden, cache: embeddingNorm)
        gradients.set("embeddings.LayerNorm", gNorm.dWeight, gNorm.dBias)
        // sum = words[ids] + positions[pos] + types[0]: scatter-add rows (padding rows get no gradient, as
        // `nn.Embedding(padding_idx:)`).
        var dWords = Tensor(zeros: embeddings.words.shape)
        var dPositions = Tensor(zeros: embeddings.positions.shape)
        var dTypes = embeddings.tokenTypes.map { Tensor(zeros: $0.shape) }
        gNorm.dInput.scalars.withUnsafeBufferPointer { d in
            for r in 0..<ids.count {
                let row = d.baseAddress! + r * c
                let id = ids[r]
                if id != config.padTokenID {
                    for j in 0..<c { dWords.scalars[id * c + j] += row[j] }
                }
                let p = positionIDs[r]
                if architecture != .roberta || p != config.padTokenID {
                    for j in 0..<c { dPositions.scalars[p * c + j] += row[j] }
                }
                if dTypes != nil { for j in 0..<c { dTypes?.scalars[j] += row[j] } }
            }
        }
        gradients["embeddings.word_embeddings.weight"] = dWords
        gradients["embeddings.position_embeddings.weight"] = dPositions
        if let dTypes { gradients["embeddings.token_type_embeddings.weight"] = dTypes }
        return TrainingStep(loss: Float(loss / Double(b)), logits: logits, gradients: gradients)
    }

    /// The mean cross-entropy of a batch in evaluation mode (no dropout), e.g. for finite differences.
    /// - Throws: `ModelError` as ``trainingStep(_:labels:dropout:generator:)``.
    public func loss(_ batch: TokenBatch, labels: [Int]) throws -> Float {
        let logits = try forward(batch, recording: .logits).logits
        let l = config.labels.count
        var total: Double = 0
        for s in 0..<batch.count {
            let row = logits.scalars[(s * l)..<((s + 1) * l)].map(Double.init)
            let maximum = row.max() ?? 0
            total += log(row.map { exp($0 - maximum) }.reduce(0, +)) - (row[labels[s]] - maximum)
        }
        return Float(total / Double(batch.count))
    }
}
