import Foundation
import Models
import Support
import Tensors

/// Full fine-tuning of a ``SequenceClassifier``: shuffled length-grouped batches, dropout, mean
/// cross-entropy, global-norm gradient clipping, AdamW with linear warm-up and decay, and an evaluation on
/// the held-out split after every epoch — the loop of `transformers`' `Trainer` with its defaults.
public struct Trainer: Sendable {
    /// Hyper-parameters of a run.
    public struct Options: Sendable, Equatable {
        /// Passes over the training set, e.g. 3.
        public var epochs = 3
        /// Sequences per optimiser step, e.g. 16.
        public var batchSize = 16
        /// Peak learning rate of the encoder, e.g. 5e-5.
        public var learningRate: Float = 5e-5
        /// Peak learning rate of the new classification head (nil = `learningRate`), e.g. 1e-3.
        public var headLearningRate: Float?
        /// Fraction of all steps spent warming up, e.g. 0.1.
        public var warmupFraction: Double = 0.1
        /// AdamW's decoupled weight decay, e.g. 0.01.
        public var weightDecay: Float = 0.01
        /// Global gradient norm limit, e.g. 1.0.
        public var maximumGradientNorm: Float = 1
        /// Dropout rates, usually the base configuration's.
        public var dropout = DropoutRates.bert
        /// Seeds shuffling and dropout masks.
        public var seed: UInt64 = 42
        /// Sequences per evaluation forward pass.
        public var evaluationBatchSize = 32

        public init() {}
    }

    /// Reported after every optimiser step.
    public struct Progress: Sendable {
        public var epoch: Int
        /// 1-based step of the whole run and the total.
        public var step, totalSteps: Int
        /// This batch's loss and the learning rate used.
        public var loss, learningRate: Float
        /// The gradient norm before clipping.
        public var gradientNorm: Float
        /// Seconds since training began and the estimated seconds remaining.
        public var elapsed, remaining: Double
    }

    /// Reported after every epoch.
    public struct EpochReport: Sendable {
        /// 1-based.
        public var epoch: Int
        /// Mean training loss over the epoch's batches.
        public var trainingLoss: Float
        /// On the held-out split (nil when there is none).
        public var validation: EvaluationMetrics?
        /// Wall-clock seconds of the epoch, evaluation included.
        public var seconds: Double
    }

    /// The model being trained; updated in place.
    public private(set) var model: SequenceClassifier
    public let options: Options
    private var optimizer: AdamW

    public init(model: SequenceClassifier, options: Options) {
        self.model = model
        self.options = options
        let head = options.headLearningRate.map { $0 / max(options.learningRate, .leastNormalMagnitude) } ?? 1
        optimizer = AdamW(weightDecay: options.weightDecay, headLearningRateFactor: head)
    }

    /// Trains for `options.epochs` epochs.
    ///
    /// - Parameters:
    ///   - training: the examples optimised on.
    ///   - validation: the held-out examples evaluated after each epoch (may be empty).
    ///   - progress: called after every optimiser step.
    ///   - epochEnd: called after every epoch's evaluation.
    /// - Returns: one report per epoch.
    /// - Throws: `ModelError.invalidTrainingData` for an empty training set or bad labels, or a model error for
    ///   ids the model cannot take.
    @discardableResult
    public mutating func train(
        _ training: [TrainingExample], validation: [TrainingExample],
        progress: (Progress) -> Void = { _ in }, epochEnd: (EpochReport) -> Void = { _ in }
    ) throws -> [EpochReport] {
        guard !training.isEmpty else { throw ModelError.invalidTrainingData("the training set is empty") }
        guard options.batchSize > 0, options.epochs > 0 else {
            throw ModelError.invalidTrainingData("batch size and epochs must be positive")
        }
        try options.dropout.check()
        let batchesPerEpoch = (training.count + options.batchSize - 1) / options.batchSize
        let totalSteps = batchesPerEpoch * options.epochs
        let schedule = LinearSchedule(
            peak: options.learningRate, warmupSteps: Int((options.warmupFraction * Double(totalSteps)).rounded()),
            totalSteps: totalSteps)
        var shuffler = SeededGenerator(seed: options.seed)
        var dropoutGenerator = SeededGenerator(seed: options.seed &+ 0x5EED)
        let start = Date()
        var reports: [EpochReport] = []
        var stepIndex = 0
        for epoch in 1...options.epochs {
            let epochStart = Date()
            var lossSum: Double = 0
            let batches = Self.batches(training, size: options.batchSize, using: &shuffler)
            for batchIndices in batches {
                let examples = batchIndices.map { training[$0] }
                let batch = try TokenBatch(examples.map(\.ids))
                var step = try model.trainingStep(
                    batch, labels: examples.map(\.label), dropout: options.dropout, generator: &dropoutGenerator)
                let norm = step.gradients.clip(maximumNorm: options.maximumGradientNorm)
                let rate = schedule.rate(at: stepIndex)
                optimizer.update(&model, gradients: step.gradients, learningRate: rate)
                stepIndex += 1
                lossSum += Double(step.loss)
                let elapsed = Date().timeIntervalSince(start)
                progress(
                    Progress(
                        epoch: epoch, step: stepIndex, totalSteps: totalSteps, loss: step.loss, learningRate: rate,
                        gradientNorm: norm, elapsed: elapsed,
                        remaining: elapsed / Double(stepIndex) * Double(totalSteps - stepIndex)))
            }
            let metrics = validation.isEmpty ? nil : try evaluate(validation)
            let report = EpochReport(
                epoch: epoch, trainingLoss: Float(lossSum / Double(batches.count)), validation: metrics,
                seconds: Date().timeIntervalSince(epochStart))
            reports.append(report)
            epochEnd(report)
        }
        return reports
    }

    /// Accuracy, per-class F1 and loss of the current model on `examples` (no dropout).
    /// - Throws: a model error for ids the model cannot take.
    public func evaluate(_ examples: [TrainingExample]) throws -> EvaluationMetrics {
        try Self.evaluate(model, examples, batchSize: options.evaluationBatchSize)
    }

    /// Accuracy, per-class F1 and loss of `model` on `examples` (no dropout).
    public static func evaluate(_ model: SequenceClassifier, _ examples: [TrainingExample], batchSize: Int = 32)
        throws -> EvaluationMetrics
    {
        let l = model.config.labels.count
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: l), count: l)
        var loss: Double = 0
        // Sorting by length keeps padding low; the metrics do not depend on the order.
        let order = examples.indices.sorted { examples[$0].ids.count < examples[$1].ids.count }
        for chunkStart in stride(from: 0, to: order.count, by: max(1, batchSize)) {
            let chunk = order[chunkStart..<min(order.count, chunkStart + max(1, batchSize))].map { examples[$0] }
            if let bad = chunk.first(where: { $0.label < 0 || $0.label >= l }) {
                throw ModelError.invalidTrainingData("label index \(bad.label) outside 0..<\(l)")
            }
            let logits = try model.forward(TokenBatch(chunk.map(\.ids)), recording: .logits).logits
            let (losses, _) = CrossEntropy.evaluate(logits: logits, labels: chunk.map(\.label))
            loss += losses.reduce(0, +)
            for (s, example) in chunk.enumerated() {
                let row = logits.scalars[(s * l)..<((s + 1) * l)]
                let predicted = row.indices.max { row[$0] < row[$1] }.map { $0 - row.startIndex } ?? 0
                confusion[example.label][predicted] += 1
            }
        }
        return EvaluationMetrics(
            confusion: confusion, loss: examples.isEmpty ? 0 : Float(loss / Double(examples.count)))
    }

    /// Shuffled batches of indices with similar lengths: the shuffled set is cut into windows of 50 batches,
    /// each window sorted by length and batched, and the batch order shuffled again (as `group_by_length`).
    static func batches(_ examples: [TrainingExample], size: Int, using generator: inout SeededGenerator) -> [[Int]] {
        let shuffled = generator.shuffled(Array(examples.indices))
        var batches: [[Int]] = []
        let window = size * 50
        for start in stride(from: 0, to: shuffled.count, by: window) {
            let part = shuffled[start..<min(shuffled.count, start + window)].sorted {
                examples[$0].ids.count > examples[$1].ids.count
            }
            for batchStart in stride(from: 0, to: part.count, by: size) {
                batches.append(Array(part[batchStart..<min(part.count, batchStart + size)]))
            }
        }
        return generator.shuffled(batches)
    }
}
