import Foundation
import Models
import Support
import Tensors
import Tokenizers

/// One fine-tuning run from labelled documents to a saved Hugging Face checkpoint: read the data, split it
/// (stratified, seeded), prepare the model and tokenizer (a base model with a new head, or a small BERT from
/// scratch with a vocabulary built from the training texts), encode, train (`Trainer`), save, reload the saved
/// checkpoint and tokenizer to check them, and write `training_report.json`.
public struct FineTuning: Sendable {
    /// Where the run starts from.
    public enum Start: Sendable, Equatable {
        /// A Hugging Face encoder folder, given a new classification head.
        case base(URL)
        /// A small BERT trained from scratch.
        case scratch(ScratchModel)
    }

    /// The shape of a model trained from scratch.
    public struct ScratchModel: Sendable, Equatable {
        /// e.g. 2.
        public var layers = 2
        /// e.g. 64; a multiple of `heads`.
        public var hiddenSize = 64
        /// e.g. 4.
        public var heads = 4
        /// e.g. 128.
        public var intermediateSize = 128
        /// Largest vocabulary, e.g. 2000.
        public var vocabularySize = 2000

        public init() {}
    }

    /// The run's inputs and hyper-parameters.
    public struct Options: Sendable {
        /// A `.jsonl` file or a folder (see `LabelledTextSet`).
        public var data: String
        public var start: Start
        /// The output folder (created if missing).
        public var out: URL
        /// Label names in class order; nil = the data's declared order, else the sorted distinct labels.
        public var labels: [String]?
        /// Epochs, batch size, learning rates, warm-up, decay, clipping and seed (`Trainer.Options`); its dropout
        /// is replaced by `dropout` or the base configuration's rates.
        public var trainer = Trainer.Options()
        /// One dropout probability everywhere; nil = the base configuration's rates (0.1 from scratch).
        public var dropout: Float?
        /// Longest input in tokens, special tokens included, e.g. 256.
        public var maxLength = 256
        /// Fraction of each class held out, e.g. 0.1.
        public var validationFraction = 0.1
        /// Weight precision of the saved checkpoint.
        public var precision = SafetensorsWriter.Precision.float32

        public init(data: String, start: Start, out: URL) {
            (self.data, self.start, self.out) = (data, start, out)
        }
    }

    /// What the run reports as it goes.
    public enum Event: Sendable {
        /// Data encoded, training about to begin.
        case started(training: Int, validation: Int, labels: [String], meanLength: Int, maxLength: Int)
        /// After every optimiser step.
        case step(Trainer.Progress)
        /// After every epoch's evaluation.
        case epoch(Trainer.EpochReport)
    }

    public let options: Options

    public init(options: Options) { self.options = options }

    /// Runs the whole fine-tuning and writes the checkpoint, tokenizer files and `training_report.json`.
    ///
    /// - Parameter events: called as the run progresses.
    /// - Returns: the report written.
    /// - Throws: `TrainingError` for bad data or a tokenizer that does not round-trip, `ModelError`,
    ///   `TokenizerError` or `AtomicFile.Failure` naming the file at fault.
    @discardableResult
    public func run(events: (Event) -> Void = { _ in }) throws -> TrainingReport {
        let set = try LabelledTextSet.read(path: options.data)
        let labels = try resolveLabels(set)
        let labelIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        var documents: [TrainingExample] = []  // ids = [document index] until encoded
        for (index, document) in set.documents.enumerated() {
            guard let label = labelIndex[document.label] else {
                throw TrainingError.unknownLabel(path: options.data, document: index + 1, label: document.label)
            }
            documents.append(TrainingExample(ids: [index], label: label))
        }
        // Split document indices first so that a vocabulary built from scratch sees only the training texts.
        let split = TrainingExample.split(
            documents, validationFraction: options.validationFraction, seed: options.trainer.seed)
        do {
            try FileManager.default.createDirectory(at: options.out, withIntermediateDirectories: true)
        } catch {
            throw AtomicFile.Failure(file: options.out.path, reason: AtomicFile.reason(error))
        }
        let prepared = try prepareModel(
            labels: labels, trainingTexts: split.training.map { set.documents[$0.ids[0]].text })
        let length = min(options.maxLength, prepared.model.config.maxSequenceLength)
        func encode(_ examples: [TrainingExample]) -> [TrainingExample] {
            examples.map { example in
                let text = set.documents[example.ids[0]].text
                let ids = prepared.tokenizer.encode(text, addSpecialTokens: true, maxLength: length).ids
                return TrainingExample(ids: ids, label: example.label)
            }
        }
        let training = encode(split.training)
        let validation = encode(split.validation)
        events(
            .started(
                training: training.count, validation: validation.count, labels: labels,
                meanLength: training.map(\.ids.count).reduce(0, +) / max(1, training.count), maxLength: length))

        var trainerOptions = options.trainer
        trainerOptions.dropout = prepared.dropout
        var trainer = Trainer(model: prepared.model, options: trainerOptions)
        var epochs: [TrainingReport.Epoch] = []
        try trainer.train(
            training, validation: validation, progress: { events(.step($0)) },
            epochEnd: { report in
                epochs.append(Self.epochReport(report, labels: labels))
                events(.epoch(report))
            })
        try trainer.model.save(
            to: options.out, precision: options.precision, baseConfiguration: prepared.baseConfiguration,
            dropout: prepared.dropout)

        let samples = try checkSaved(
            documents: validation.isEmpty ? split.training : split.validation,
            encoded: validation.isEmpty ? training : validation, set: set, length: length)
        let report = TrainingReport(
            data: options.data, base: prepared.baseDescription, labels: labels, trainingCount: training.count,
            validationCount: validation.count, epochs: epochs, precision: options.precision.name,
            maxLength: length, learningRate: Double(options.trainer.learningRate),
            batchSize: options.trainer.batchSize, seed: options.trainer.seed, samples: samples)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(encoder.encode(report), to: options.out.appendingPathComponent("training_report.json"))
        return report
    }

    /// The label names: `options.labels`, else the data's declared order, else the sorted distinct labels.
    private func resolveLabels(_ set: LabelledTextSet) throws -> [String] {
        if let labels = options.labels { return labels }
        let names = set.declaredLabels.isEmpty ? Set(set.documents.map(\.label)).sorted() : set.declaredLabels
        guard names.count >= 2 else { throw TrainingError.tooFewLabels(path: options.data) }
        // Repeated names trapped in `Dictionary(uniqueKeysWithValues:)` (issue 16).
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw TrainingError.repeatedLabel(path: options.data, label: name)
        }
        return names
    }

    /// Reloads the checkpoint and tokenizer as saved: the tokenizer files must give the ids trained on (a
    /// vocabulary built from scratch is reloaded from vocab.txt exactly as the dossier pipeline will load it);
    /// returns the saved model's logits on up to eight of the documents.
    private func checkSaved(
        documents: [TrainingExample], encoded: [TrainingExample], set: LabelledTextSet, length: Int
    ) throws -> [TrainingReport.Sample] {
        let saved = try SequenceClassifier.load(directory: options.out)
        let savedTokenizer = try TokenizerLoader.load(directory: options.out)
        var samples: [TrainingReport.Sample] = []
        for (document, sample) in zip(documents, encoded).prefix(8) {
            let text = set.documents[document.ids[0]].text
            guard savedTokenizer.encode(text, addSpecialTokens: true, maxLength: length).ids == sample.ids else {
                throw TrainingError.tokenizerMismatch(path: options.out.path)
            }
            let logits = try saved.forward(TokenBatch([sample.ids]), recording: .logits).logits
            samples.append(
                TrainingReport.Sample(
                    text: text, ids: sample.ids, label: sample.label, logits: logits.scalars.map(Double.init)))
        }
        return samples
    }

    static func epochReport(_ report: Trainer.EpochReport, labels: [String]) -> TrainingReport.Epoch {
        TrainingReport.Epoch(
            epoch: report.epoch, trainingLoss: Double(report.trainingLoss), seconds: report.seconds,
            validation: report.validation.map { metrics in
                TrainingReport.Validation(
                    count: metrics.count, loss: Double(metrics.loss), accuracy: Double(metrics.accuracy),
                    f1: Dictionary(uniqueKeysWithValues: zip(labels, metrics.f1.map(Double.init))),
                    confusion: metrics.confusion)
            })
    }
}

extension SafetensorsWriter.Precision {
    /// `f16` or `f32`, as the report and the command line spell it.
    public var name: String { self == .float16 ? "f16" : "f32" }
}
