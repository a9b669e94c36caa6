import Attribution
import Foundation
import Models
import Tensors
import Tokenizers

// Engine benchmark: medians of the forward pass and of a whole explanation (forward + backward + every
// attribution method + head statistics, no faithfulness) on all-MiniLM-L6-v2 at 128/256/512 tokens, beside
// PyTorch `transformers` timed in the same run by Benchmarks/pytorch_reference.py. Prints figures; asserts
// nothing.
//
//   swift run -c release EngineBenchmark [--repeats N] [--rounds N] [--lengths 128 256 512] [--no-pytorch]

MemoryReuse.keepFreedBuffers()
let arguments = BenchmarkArguments(CommandLine.arguments.dropFirst())
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let base = root.appendingPathComponent(".cache/models/all-MiniLM-L6-v2")
guard FileManager.default.fileExists(atPath: base.appendingPathComponent("model.safetensors").path) else {
    FileHandle.standardError.write(Data("error: \(base.path): run bash Scripts/fetch-base-model.sh first\n".utf8))
    exit(1)
}
let model = try SequenceClassifier.load(directory: base, newHeadFor: ["approve", "refer", "decline"], seed: 0)
let tokenizer = try TokenizerLoader.load(directory: base)
let explainer = Explainer(model: model, tokenizer: tokenizer, directory: base)

print(
    "all-MiniLM-L6-v2, \(ProcessInfo.processInfo.activeProcessorCount) cores; per round \(arguments.repeats) timed runs "
        + "after 2 warm-ups on each side; medians over \(arguments.rounds) alternating rounds"
)
print("task      tokens   Swift ms   PyTorch ms   speed-up (median of per-round ratios)")
for task in ["forward", "explain"] {
    var swiftRounds: [Int: [Double]] = [:]
    var torchRounds: [Int: [Double]] = [:]
    for _ in 0..<arguments.rounds {
        if arguments.pytorch {
            let peer = PyTorchPeer.medians(
                task: task, model: base, lengths: arguments.lengths, repeats: arguments.repeats, root: root)
            for (n, ms) in peer { torchRounds[n, default: []].append(ms) }
        }
        for n in arguments.lengths {
            let ids = BenchmarkInput.ids(tokenizer: tokenizer, count: n)
            let batch = try TokenBatch([ids])
            let swift =
                task == "forward"
                ? try Timing.median(repeats: arguments.repeats) { _ = try model.forward(batch, recording: .logits) }
                : try Timing.median(repeats: arguments.repeats) { _ = try explainer.explain(ids: ids) }
            swiftRounds[n, default: []].append(swift)
        }
    }
    for n in arguments.lengths {
        let swift = Timing.median(swiftRounds[n] ?? [])
        let torchTimes = torchRounds[n] ?? []
        let torch = torchTimes.isEmpty ? nil : Timing.median(torchTimes)
        let ratios = zip(torchTimes, swiftRounds[n] ?? []).map { $0 / $1 }
        let ratio = ratios.isEmpty ? "        –" : String(format: "%8.2f×", Timing.median(ratios))
        let torchText = torch.map { String(format: "%10.1f", $0) } ?? "         –"
        print(String(format: "%-8@ %7d %10.1f ", task as NSString, n, swift) + "  \(torchText)   \(ratio)")
    }
}

// Where an explanation's time goes (Swift only): the recorded forward pass; the backward pass with every
// attribution formed on the way (the whole window explanation minus its forward pass); and, for scale, the BLAS
// products of forward and backward alone (`ProductFloor`), which only a faster BLAS could shorten.
print("\nexplain phases (Swift, median ms): tokens  forward  backward+attributions  BLAS products alone")
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
