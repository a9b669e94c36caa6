import Foundation
import Models
import Support
import Tensors

// Training-step benchmark: one fine-tuning step of all-MiniLM-L6-v2 with a new 3-label head at batch 16 × 256
// tokens, BERT dropout: forward + loss + backward (every parameter gradient), then clipping and AdamW. Prints the
// median and quartiles of the timed steps, in wall-clock and in process CPU time (all threads: on a machine shared
// with other work the CPU time varies far less than the wall clock); asserts nothing.
//
//   swift run -c release TrainingBenchmark [steps, default 7]

MemoryReuse.keepFreedBuffers()
let steps = max(1, CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 7)
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let base = root.appendingPathComponent(".cache/models/all-MiniLM-L6-v2")
guard FileManager.default.fileExists(atPath: base.appendingPathComponent("model.safetensors").path) else {
    FileHandle.standardError.write(Data("error: \(base.path): run bash Scripts/fetch-base-model.sh first\n".utf8))
    exit(1)
}
var model = try SequenceClassifier.load(directory: base, newHeadFor: ["a", "b", "c"], seed: 1)
var generator = SeededGenerator(seed: 3)
let sequences = (0..<16).map { _ in [101] + (0..<254).map { _ in 1000 + Int(generator.next() % 20000) } + [102] }
let batch = try TokenBatch(sequences)
let labels = (0..<16).map { $0 % 3 }
var optimizer = AdamW()

/// This process's CPU time so far (every thread, user and system), in milliseconds.
func processCPUMilliseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1e3 + Double(time.tv_nsec) / 1e6
}

/// Wall-clock milliseconds of `work`.
func milliseconds(_ work: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try work()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
}

/// The `q`-quantile of `values` with linear interpolation.
func quantile(_ values: [Double], _ q: Double) -> Double {
    let sorted = values.sorted()
    let position = q * Double(sorted.count - 1)
    let lower = Int(position.rounded(.down))
    let upper = min(lower + 1, sorted.count - 1)
    return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
}

var passes: [Double] = []
var passCPU: [Double] = []
var updates: [Double] = []
for index in 0...steps {
    var step: SequenceClassifier.TrainingStep?
    let cpuStart = processCPUMilliseconds()
    let pass = try milliseconds {
        step = try model.trainingStep(batch, labels: labels, dropout: .bert, generator: &generator)
    }
    let cpu = processCPUMilliseconds() - cpuStart
    guard var step else { break }
    let update = milliseconds {
        step.gradients.clip(maximumNorm: 1)
        optimizer.update(&model, gradients: step.gradients, learningRate: 5e-5)
    }
    print(
        String(
            format: "step %d: forward+backward %.0f ms (CPU %.0f ms), clip+AdamW %.0f ms, loss %.4f", index, pass, cpu,
            update,
            step.loss))
    if index > 0 {  // step 0 warms up
        passes.append(pass)
        passCPU.append(cpu)
        updates.append(update)
    }
}
print(
    String(
        format: "MiniLM training step, 16 × 256, median of %d (quartiles): forward+backward %.0f ms (%.0f–%.0f), "
            + "CPU %.0f ms (%.0f–%.0f); clip+AdamW %.0f ms (%.0f–%.0f)", passes.count, quantile(passes, 0.5),
        quantile(passes, 0.25), quantile(passes, 0.75), quantile(passCPU, 0.5), quantile(passCPU, 0.25),
        quantile(passCPU, 0.75), quantile(updates, 0.5), quantile(updates, 0.25), quantile(updates, 0.75)))
