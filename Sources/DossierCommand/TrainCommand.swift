import ArgumentParser
import Foundation
import Models
import Tensors
import Tokenizers

/// `dossier train`: fine-tunes a BERT-family encoder with a new classification head (or trains a tiny BERT
/// from scratch) and saves a Hugging Face checkpoint.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fine-tune a BERT-family classifier on labelled documents and save a Hugging Face checkpoint.",
        discussion: """
            DATA is a JSON Lines file ({"text": ..., "label": ...} per line; the corpus.jsonl of `dossier corpus` \
            works as is), a folder holding corpus.jsonl, or a folder with one sub-folder of .txt files per label. \
            A stratified held-out split is evaluated after every epoch (accuracy, per-class F1). OUT receives \
            config.json, model.safetensors, the tokenizer files and training_report.json.
            """)

    @Argument(help: "Training data: a .jsonl file or a folder.", completion: .file())
    var data: String

    @Option(help: "Base model folder (Hugging Face layout).", completion: .directory)
    var base: String = ".cache/models/all-MiniLM-L6-v2"

    @Option(help: "Comma-separated label names in class order (default: from the data).")
    var labels: String?

    @Option(help: "Passes over the training split.")
    var epochs: Int = 3

    @Option(help: "Sequences per optimiser step.")
    var batchSize: Int = 16

    @Option(help: "Peak learning rate of the encoder (2e-5…5e-5 is typical for fine-tuning).")
    var learningRate: Float = 5e-5

    @Option(help: "Peak learning rate of the new classification head (default: --learning-rate).")
    var headLearningRate: Float?

    @Option(help: "Fraction of all steps spent in linear warm-up.")
    var warmup: Double = 0.1

    @Option(help: "AdamW weight decay (not applied to biases and LayerNorm weights).")
    var weightDecay: Float = 0.01

    @Option(help: "Global gradient-norm clipping threshold.")
    var maxGradientNorm: Float = 1

    @Option(help: "Dropout probability everywhere (default: the base configuration's rates).")
    var dropout: Float?

    @Option(help: "Longest input in tokens, special tokens included; longer documents are truncated.")
    var maxLength: Int = 256

    @Option(help: "Fraction of each class held out for evaluation.")
    var validationFraction: Double = 0.1

    @Option(help: "Seed of the split, the new head, shuffling and dropout.")
    var seed: UInt64 = 42

    @Option(help: "Output folder (created if missing).", completion: .directory)
    var out: String

    @Option(help: "Weight precision of the saved checkpoint: f16 or f32.")
    var precision: String = "f32"

    @Flag(help: "Train a small BERT from scratch with a vocabulary built from the training texts (ignores --base).")
    var fromScratch = false

    @Option(help: "From scratch: layers.")
    var layers: Int = 2

    @Option(help: "From scratch: hidden size.")
    var hiddenSize: Int = 64

    @Option(help: "From scratch: attention heads.")
    var heads: Int = 4

    @Option(help: "From scratch: feed-forward width.")
    var intermediateSize: Int = 128

    @Option(help: "From scratch: largest vocabulary.")
    var vocabularySize: Int = 2000

    func validate() throws {
        guard epochs > 0, batchSize > 0 else { throw ValidationError("--epochs and --batch-size must be positive") }
        guard learningRate > 0 else { throw ValidationError("--learning-rate must be positive") }
        guard (0..<1).contains(warmup) else { throw ValidationError("--warmup must lie in [0, 1)") }
        guard (0..<1).contains(validationFraction) else {
            throw ValidationError("--validation-fraction must lie in [0, 1)")
        }
        guard maxLength >= 3 else { throw ValidationError("--max-length must be at least 3") }
        guard precision == "f16" || precision == "f32" else { throw ValidationError("--precision must be f16 or f32") }
        if let dropout, !(0..<1).contains(dropout) { throw ValidationError("--dropout must lie in [0, 1)") }
        if fromScratch {
            guard hiddenSize > 0, heads > 0, hiddenSize % heads == 0 else {
                throw ValidationError("--hidden-size must be a positive multiple of --heads")
            }
            guard layers > 0, intermediateSize > 0, vocabularySize > 50 else {
                throw ValidationError("--layers, --intermediate-size must be positive, --vocabulary-size > 50")
            }
        }
    }

    func run() throws {
        do {
            try train()
        } catch let error as ModelError {
            throw ValidationError(error.description)
        } catch let error as LabelledTextSet.ReadError {
            throw ValidationError(error.description)
        } catch let error as TokenizerError {
            throw ValidationError("\(error)")
        }
    }

    private func train() throws {
        let set = try LabelledTextSet.read(path: data)
        let labelNames = try resolveLabels(set)
        let labelIndex = Dictionary(uniqueKeysWithValues: labelNames.enumerated().map { ($1, $0) })
        var indices: [TrainingExample] = []
        for (index, document) in set.documents.enumerated() {
            guard let label = labelIndex[document.label] else {
                throw ValidationError("\(data): document \(index + 1) has label '\(document.label)' not in --labels")
            }
            indices.append(TrainingExample(ids: [index], label: label))
        }
        // Split document indices first so that a vocabulary built from scratch sees only the training texts.
        let split = TrainingExample.split(indices, validationFraction: validationFraction, seed: seed)
        let outURL = URL(fileURLWithPath: out, isDirectory: true)
        try FileManager.default.createDirectory(at: outURL, withIntermediateDirectories: true)

        let (model, tokenizer, baseConfiguration, rates) = try prepareModel(
            labels: labelNames, trainingTexts: split.training.map { set.documents[$0.ids[0]].text }, out: outURL)
        let length = min(maxLength, model.config.maxSequenceLength)
        func encode(_ examples: [TrainingExample]) -> [TrainingExample] {
            examples.map { example in
                let text = set.documents[example.ids[0]].text
                return TrainingExample(
                    ids: tokenizer.encode(text, addSpecialTokens: true, maxLength: length).ids, label: example.label)
            }
        }
        let training = encode(split.training)
        let validation = encode(split.validation)
        let meanLength = training.map(\.ids.count).reduce(0, +) / max(1, training.count)
        printError(
            "training on \(training.count) documents, validating on \(validation.count); labels "
                + "\(labelNames.joined(separator: ", ")); mean length \(meanLength) tokens (max \(length))")

        var options = Trainer.Options()
        options.epochs = epochs
        options.batchSize = batchSize
        options.learningRate = learningRate
        options.headLearningRate = headLearningRate
        options.warmupFraction = warmup
        options.weightDecay = weightDecay
        options.maximumGradientNorm = maxGradientNorm
        options.dropout = rates
        options.seed = seed
        var trainer = Trainer(model: model, options: options)
        var lastPrint = Date.distantPast
        var reports: [[String: Any]] = []
        try trainer.train(
            training, validation: validation,
            progress: { progress in
                guard Date().timeIntervalSince(lastPrint) >= 2 || progress.step == progress.totalSteps else { return }
                lastPrint = Date()
                printError(
                    "epoch \(progress.epoch)/\(epochs)  step \(progress.step)/\(progress.totalSteps)  "
                        + "loss \(format(progress.loss, 4))  lr \(String(format: "%.2e", progress.learningRate))  "
                        + "|g| \(format(progress.gradientNorm, 2))  elapsed \(duration(progress.elapsed))  "
                        + "ETA \(duration(progress.remaining))")
            },
            epochEnd: { report in
                var line = "epoch \(report.epoch): training loss \(format(report.trainingLoss, 4))"
                var entry: [String: Any] = [
                    "epoch": report.epoch, "training_loss": Double(report.trainingLoss), "seconds": report.seconds,
                ]
                if let metrics = report.validation {
                    let f1 = zip(labelNames, metrics.f1).map { "\($0) \(format($1, 3))" }.joined(separator: ", ")
                    line += ", held-out loss \(format(metrics.loss, 4)), accuracy \(format(metrics.accuracy, 4)), "
                    line += "F1 \(f1)"
                    entry["validation"] = [
                        "count": metrics.count, "loss": Double(metrics.loss), "accuracy": Double(metrics.accuracy),
                        "f1": Dictionary(uniqueKeysWithValues: zip(labelNames, metrics.f1.map(Double.init))),
                        "confusion": metrics.confusion,
                    ]
                }
                reports.append(entry)
                printError(line + " (\(duration(report.seconds)))")
            })

        let savePrecision: SafetensorsWriter.Precision = precision == "f16" ? .float16 : .float32
        try trainer.model.save(
            to: outURL, precision: savePrecision, baseConfiguration: baseConfiguration, dropout: rates)
        // Logits of the checkpoint as saved (reloaded), for `training_check_saved.py` to compare with.
        let saved = try SequenceClassifier.load(directory: outURL)
        // The saved tokenizer files must give the ids trained on (a vocabulary built from scratch is reloaded
        // from vocab.txt here exactly as the dossier pipeline will load it).
        let savedTokenizer = try TokenizerLoader.load(directory: outURL)
        let sampleSplit = validation.isEmpty ? split.training : split.validation
        let samples = zip(sampleSplit, validation.isEmpty ? training : validation).prefix(8)
        var sampleEntries: [[String: Any]] = []
        for (document, sample) in samples {
            let text = set.documents[document.ids[0]].text
            guard savedTokenizer.encode(text, addSpecialTokens: true, maxLength: length).ids == sample.ids else {
                throw ValidationError("\(outURL.path): the saved tokenizer files do not reproduce the training ids")
            }
            let logits = try saved.forward(TokenBatch([sample.ids]), recording: .logits).logits
            sampleEntries.append([
                "text": text, "ids": sample.ids, "label": sample.label,
                "logits": logits.scalars.map(Double.init),
            ])
        }
        let report: [String: Any] = [
            "data": data, "base": fromScratch ? "(from scratch)" : base, "labels": labelNames,
            "training_count": training.count, "validation_count": validation.count, "epochs": reports,
            "precision": precision, "max_length": length, "learning_rate": Double(learningRate),
            "batch_size": batchSize, "seed": seed, "samples": sampleEntries,
        ]
        try JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys]).write(
            to: outURL.appendingPathComponent("training_report.json"))
        print("saved \(precision) checkpoint to \(outURL.path)")
    }

    /// The label names: `--labels`, else the data's declared order, else the sorted distinct labels.
    private func resolveLabels(_ set: LabelledTextSet) throws -> [String] {
        if let labels {
            let names = labels.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard names.count >= 2, Set(names).count == names.count, !names.contains("") else {
                throw ValidationError("--labels needs at least two distinct comma-separated names")
            }
            return names
        }
        let names = set.declaredLabels.isEmpty ? Set(set.documents.map(\.label)).sorted() : set.declaredLabels
        guard names.count >= 2 else { throw ValidationError("\(data): the data holds fewer than two labels") }
        // Declared names (`labelNames`) come from the file: repeated or empty ones are bad input, not a trap.
        try ModelConfiguration.checkLabels(names) { .invalidTrainingData("\(data): labelNames: \($0)") }
        return names
    }

    /// The model to train, its tokenizer, the base `config.json` bytes (nil from scratch) and dropout rates.
    private func prepareModel(labels: [String], trainingTexts: [String], out: URL) throws -> (
        SequenceClassifier, any Tokenizer, Data?, DropoutRates
    ) {
        if fromScratch {
            let vocabulary = WordPieceVocabularyBuilder(size: vocabularySize).build(from: trainingTexts)
            let tokenizer = try WordPieceTokenizer(vocabulary: vocabulary)
            try WordPieceVocabularyBuilder.write(vocabulary, to: out, maxLength: maxLength)
            let config = ModelConfiguration(
                architecture: .bert, vocabularySize: vocabulary.count, hiddenSize: hiddenSize, layerCount: layers,
                headCount: heads, intermediateSize: intermediateSize, maxPositions: maxLength, labels: labels)
            let rate = dropout ?? 0.1
            let model = SequenceClassifier.randomlyInitialized(config: config, seed: seed)
            return (model, tokenizer, nil, DropoutRates(hidden: rate, attention: rate, classifier: rate))
        }
        let baseURL = URL(fileURLWithPath: base, isDirectory: true)
        let configURL = baseURL.appendingPathComponent("config.json")
        let configData: Data
        do {
            configData = try Data(contentsOf: configURL)
        } catch {
            throw ValidationError("\(configURL.path): cannot read the base configuration (is --base right?)")
        }
        let model = try SequenceClassifier.load(directory: baseURL, newHeadFor: labels, seed: seed)
        let tokenizer = try TokenizerLoader.load(directory: baseURL)
        for name in [
            "tokenizer.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json", "vocab.json",
            "merges.txt",
        ] {
            let source = baseURL.appendingPathComponent(name)
            let destination = out.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: source.path) else { continue }
            try? FileManager.default.removeItem(at: destination)
            try FileManager.default.copyItem(at: source, to: destination)
        }
        return (
            model, tokenizer, configData,
            dropout.map { DropoutRates(hidden: $0, attention: $0, classifier: $0) }
                ?? Self.dropoutRates(configData, architecture: model.config.architecture)
        )
    }

    /// The dropout rates a base `config.json` declares (BERT/RoBERTa or DistilBERT names), defaulting to 0.1.
    static func dropoutRates(_ data: Data, architecture: Architecture) -> DropoutRates {
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        func rate(_ key: String, _ fallback: Float) -> Float {
            (object[key] as? NSNumber).map { Float(truncating: $0) } ?? fallback
        }
        if architecture == .distilbert {
            return DropoutRates(
                hidden: rate("dropout", 0.1), attention: rate("attention_dropout", 0.1),
                classifier: rate("seq_classif_dropout", 0.2))
        }
        let hidden = rate("hidden_dropout_prob", 0.1)
        return DropoutRates(
            hidden: hidden, attention: rate("attention_probs_dropout_prob", 0.1),
            classifier: rate("classifier_dropout", hidden))
    }
}

private func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

private func format(_ value: Float, _ digits: Int) -> String {
    String(format: "%.\(digits)f", Double(value))
}

/// `1h02m`, `3m05s` or `12s`.
private func duration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "?" }
    let s = Int(seconds.rounded())
    if s >= 3600 { return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60) }
    if s >= 60 { return String(format: "%dm%02ds", s / 60, s % 60) }
    return "\(s)s"
}
