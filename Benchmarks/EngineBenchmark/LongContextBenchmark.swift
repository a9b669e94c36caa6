import Attribution
import Foundation
import Models
import Support
import Tensors
import Tokenizers

/// One long document through a ModernBERT-shaped classifier in a single window: the forward pass that keeps every
/// attention map, then a whole window explanation (forward, backward to every map, every attribution method, head
/// statistics), with wall time and the process's peak resident memory. Random weights of a realistic size, built
/// here (no download); ids from the tiny-modernbert fixture's tokenizer, so the explainer can name tokens.
///
///   swift run -c release EngineBenchmark --modernbert 4000
enum LongContextBenchmark {
    /// hidden 384, 6 heads (D = 64), 6 layers (global, local, local, global, local, local), intermediate 576
    /// (GeGLU: Wi makes 1152), local_attention 128, 8192 positions, ModernBERT's vocabulary of 50368.
    static let config = ModelConfiguration(
        architecture: .modernbert, vocabularySize: 50_368, hiddenSize: 384, layerCount: 6, headCount: 6,
        intermediateSize: 576, maxPositions: 8192, layerNormEpsilon: 1e-5, padTokenID: 50_283,
        labels: ["approve", "refer", "decline"], modernBERT: ModernBERTSettings(layerCount: 6))

    static func run(tokens: Int, root: URL) throws {
        let start = Date()
        let model = randomModel(seed: 1)
        let tokenizerDirectory = root.appendingPathComponent("Tests/Fixtures/models/tiny-modernbert")
        let tokenizer = try TokenizerLoader.load(directory: tokenizerDirectory)
        let explainer = Explainer(model: model, tokenizer: tokenizer, directory: tokenizerDirectory)
        let ids =
            [tokenizer.specialTokens.start] + (0..<(tokens - 2)).map { 5 + ($0 * 37) % 390 } + [
                tokenizer.specialTokens.end
            ]
        let (l, h, t) = (config.layerCount, config.headCount, ids.count)
        let maps = Double(l * h) * Double(t) * Double(t) * 4
        print(
            "ModernBERT-shaped: hidden 384, 6 heads, 6 layers (2 global, 4 sliding-window 128), 8192 positions, "
                + "\(ProcessInfo.processInfo.activeProcessorCount) cores; built in "
                + String(format: "%.1f s", Date().timeIntervalSince(start)))
        print(
            "document: \(t) tokens in one window (the explainer's default window: "
                + "\(min(config.maxSequenceLength, config.longestSequenceFitting())) tokens on this machine)")
        print(String(format: "attention maps kept, L·H·T²·4 bytes: %.2f GB", maps / 1e9))
        let before = residentMegabytes()
        let batch = try TokenBatch([ids])
        let forward = try Timing.once { _ = try model.forward(batch, recording: .backward) }
        let afterForward = peakMegabytes()
        let explain = try Timing.once { _ = try explainer.explainWindow(ids: ids) }
        let peak = peakMegabytes()
        print(
            String(format: "forward (every map kept):               %8.0f ms, peak RSS %6.0f MB", forward, afterForward)
        )
        print(String(format: "explanation (forward + backward + all): %8.0f ms, peak RSS %6.0f MB", explain, peak))
        print(String(format: "resident before the document: %.0f MB", before))
    }

    /// Weights N(0, 0.02²), norm gains 1, deterministic.
    static func randomModel(seed: UInt64) -> SequenceClassifier {
        var generator = SeededGenerator(seed: seed)
        var tensors: [String: Tensor] = [:]
        for (name, shape) in WeightNames.expectedShapes(for: config).sorted(by: { $0.key < $1.key }) {
            let count = shape.reduce(1, *)
            tensors[name] =
                name.hasSuffix("norm.weight")
                ? Tensor(zeros: shape, value: 1)
                : Tensor(shape: shape, scalars: (0..<count).map { _ in 0.02 * generator.nextNormal() })
        }
        guard let checkpoint = try? Checkpoint(tensors: tensors, config: config) else {
            preconditionFailure("the benchmark's shapes come from WeightNames.expectedShapes")
        }
        return SequenceClassifier(config: config, checkpoint: checkpoint)
    }

    /// A field of /proc/self/status in MB (Linux), 0 elsewhere.
    private static func status(_ field: String) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return kilobytes / 1024
        }
        return 0
    }

    static func peakMegabytes() -> Double { status("VmHWM") }
    static func residentMegabytes() -> Double { status("VmRSS") }
}
