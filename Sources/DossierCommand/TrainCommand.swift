import ArgumentParser
import Foundation
import Training

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
        if labels != nil, labelNames == nil {
            throw ValidationError("--labels needs at least two distinct comma-separated names")
        }
        if fromScratch {
            guard hiddenSize > 0, heads > 0, hiddenSize % heads == 0 else {
                throw ValidationError("--hidden-size must be a positive multiple of --heads")
            }
            guard layers > 0, intermediateSize > 0, vocabularySize > 50 else {
                throw ValidationError("--layers, --intermediate-size must be positive, --vocabulary-size > 50")
            }
        }
    }

    /// `--labels` split at commas: nil when absent or not at least two distinct non-empty names.
    private var labelNames: [String]? {
        guard let labels else { return nil }
        let names = labels.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        return names.count >= 2 && Set(names).count == names.count && !names.contains("") ? names : nil
    }

    /// The run these arguments describe.
    private var options: FineTuning.Options {
        var scratch = FineTuning.ScratchModel()
        (scratch.layers, scratch.hiddenSize, scratch.heads) = (layers, hiddenSize, heads)
        (scratch.intermediateSize, scratch.vocabularySize) = (intermediateSize, vocabularySize)
        var options = FineTuning.Options(
            data: data, start: fromScratch ? .scratch(scratch) : .base(URL(fileURLWithPath: base, isDirectory: true)),
            out: URL(fileURLWithPath: out, isDirectory: true))
        options.labels = labelNames
        options.trainer.epochs = epochs
        options.trainer.batchSize = batchSize
        options.trainer.learningRate = learningRate
        options.trainer.headLearningRate = headLearningRate
        options.trainer.warmupFraction = warmup
        options.trainer.weightDecay = weightDecay
        options.trainer.maximumGradientNorm = maxGradientNorm
        options.trainer.seed = seed
        options.dropout = dropout
        options.maxLength = maxLength
        options.validationFraction = validationFraction
        options.precision = precision == "f16" ? .float16 : .float32
        return options
    }

    func run() throws {
        let options = options
        var lastPrint = Date.distantPast
        var labels: [String] = []
        do {
            try FineTuning(options: options).run { event in
                switch event {
                case .started(let training, let validation, let names, let meanLength, let maxLength):
                    labels = names
                    printError(
                        "training on \(training) documents, validating on \(validation); labels "
                            + "\(names.joined(separator: ", ")); mean length \(meanLength) tokens (max \(maxLength))")
                case .step(let progress):
                    guard Date().timeIntervalSince(lastPrint) >= 2 || progress.step == progress.totalSteps else {
                        return
                    }
                    lastPrint = Date()
                    printError(
                        "epoch \(progress.epoch)/\(epochs)  step \(progress.step)/\(progress.totalSteps)  "
                            + "loss \(format(progress.loss, 4))  lr \(String(format: "%.2e", progress.learningRate))  "
                            + "|g| \(format(progress.gradientNorm, 2))  elapsed \(duration(progress.elapsed))  "
                            + "ETA \(duration(progress.remaining))")
                case .epoch(let report):
                    var line = "epoch \(report.epoch): training loss \(format(report.trainingLoss, 4))"
                    if let metrics = report.validation {
                        let f1 = zip(labels, metrics.f1).map { "\($0) \(format($1, 3))" }.joined(separator: ", ")
                        line += ", held-out loss \(format(metrics.loss, 4)), accuracy \(format(metrics.accuracy, 4)), "
                        line += "F1 \(f1)"
                    }
                    printError(line + " (\(duration(report.seconds)))")
                }
            }
        } catch {
            throw fail(error)
        }
        print("saved \(options.precision.name) checkpoint to \(options.out.path)")
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
