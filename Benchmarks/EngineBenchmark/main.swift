import Attribution
import Foundation
import Models
import Tensors
import Tokenizers

// Engine benchmark: medians of the forward pass and of a whole explanation (forward + backward + every
// attribution method + head statistics, no faithfulness) on all-MiniLM-L6-v2 at 128/256/512 tokens, beside
// PyTorch `transformers` timed in the same run by Benchmarks/pytorch_reference.py (`PyTorchPeer`): every Swift run
// is paired with a PyTorch run made right before or after it. Prints figures; asserts nothing.
//
//   swift run -c release EngineBenchmark [--repeats N] [--rounds N] [--lengths 128 256 512] [--no-pytorch]
//   swift run -c release EngineBenchmark --training-steps N    (a fine-tuning step instead: TrainingStepBenchmark)
//   swift run -c release EngineBenchmark --modernbert 4000     (one long document, ModernBERT-shaped: LongContextBenchmark)

MemoryReuse.keepFreedBuffers()
let arguments = BenchmarkArguments(CommandLine.arguments.dropFirst())
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
if let tokens = arguments.modernBERTTokens {
    try LongContextBenchmark.run(tokens: tokens, root: root)
    exit(0)
}
let base = root.appendingPathComponent(".cache/models/all-MiniLM-L6-v2")
guard FileManager.default.fileExists(atPath: base.appendingPathComponent("model.safetensors").path) else {
    FileHandle.standardError.write(Data("error: \(base.path): run bash Scripts/fetch-base-model.sh first\n".utf8))
    exit(1)
}
if let steps = arguments.trainingSteps {
    try TrainingStepBenchmark.run(base: base, steps: steps)
    exit(0)
}
let model = try SequenceClassifier.load(directory: base, newHeadFor: ["approve", "refer", "decline"], seed: 0)
let tokenizer = try TokenizerLoader.load(directory: base)
let explainer = Explainer(model: model, tokenizer: tokenizer, directory: base)

let peer = arguments.pytorch ? PyTorchPeer(model: base, root: root) : nil
print(
    "all-MiniLM-L6-v2, \(ProcessInfo.processInfo.activeProcessorCount) cores; \(arguments.rounds) rounds over the "
        + "lengths, \(arguments.repeats) paired runs per length and round (PyTorch and Swift back to back, order "
        + "alternating), after 2 warm-ups on each side"
)
print("task      tokens   Swift ms   PyTorch ms   PyTorch/Swift: median of pairs (quartiles)")
var inputs: [Int: (ids: [Int], batch: TokenBatch)] = [:]
for n in arguments.lengths {
    let ids = BenchmarkInput.ids(tokenizer: tokenizer, count: n)
    inputs[n] = (ids, try TokenBatch([ids]))
}
for task in ["forward", "explain"] {
    var swiftTimes: [Int: [Double]] = [:]
    var torchTimes: [Int: [Double]] = [:]
    var ratios: [Int: [Double]] = [:]
    for round in 0..<arguments.rounds {
        for n in arguments.lengths {
            guard let (ids, batch) = inputs[n] else { continue }
            let run: () throws -> Void =
                task == "forward"
                ? { _ = try model.forward(batch, recording: .logits) } : { _ = try explainer.explain(ids: ids) }
            if round == 0 { for _ in 0..<2 { try run() } }  // Swift warm-ups; the peer warms up on first request
            for pair in 0..<arguments.repeats {
                // PyTorch first in even pairs, Swift first in odd ones, so neither side always follows the other;
                // each timed run starts after a pause (see `Timing.settle`).
                var torch = pair % 2 == 0 ? Timing.settled { peer?.time(task: task, tokens: n) } : nil
                let swift = try Timing.settled { try Timing.once(run) }
                if pair % 2 == 1 { torch = Timing.settled { peer?.time(task: task, tokens: n) } }
                swiftTimes[n, default: []].append(swift)
                if let torch {
                    torchTimes[n, default: []].append(torch)
                    ratios[n, default: []].append(torch / swift)
                }
            }
        }
    }
    for n in arguments.lengths {
        let swift = Timing.median(swiftTimes[n] ?? [])
        let torch = torchTimes[n].map { String(format: "%10.1f", Timing.median($0)) } ?? "         –"
        let ratio =
            ratios[n].map {
                String(
                    format: "%8.2f×  (%.2f–%.2f)", Timing.median($0), Timing.quantile($0, 0.25),
                    Timing.quantile($0, 0.75))
            } ?? "        –"
        print(String(format: "%-8@ %7d %10.1f ", task as NSString, n, swift) + "  \(torch)   \(ratio)")
    }
}

// Where an explanation's time goes (Swift only): the recorded forward pass; the backward pass with every
// attribution formed on the way (the whole window explanation minus its forward pass); and, for scale, the matrix
// products of forward and backward alone (`ProductFloor`), which only faster products could shorten.
print("\nexplain phases (Swift, median ms): tokens  forward  backward+attributions  products alone")
for n in arguments.lengths {
    let ids = BenchmarkInput.ids(tokenizer: tokenizer, count: n)
    let batch = try TokenBatch([ids])
    let floor = ProductFloor(config: model.config, tokens: n)
    let steps: [() throws -> Void] = [
        { _ = try model.forward(batch, recording: .backward) }, { _ = try explainer.explainWindow(ids: ids) },
        floor.run,
    ]
    for _ in 0..<2 { for step in steps { try step() } }  // warm-ups
    // Interleaved, so that a slow spell of the machine weighs on all three alike.
    var (forward, whole, products): ([Double], [Double], [Double]) = ([], [], [])
    for _ in 0..<arguments.repeats {
        forward.append(try Timing.once(steps[0]))
        whole.append(try Timing.once(steps[1]))
        products.append(try Timing.once(steps[2]))
    }
    let (f, w) = (Timing.median(forward), Timing.median(whole))
    print(String(format: "%45d %8.1f %22.1f %20.1f", n, f, max(0, w - f), Timing.median(products)))
}
