import Foundation
import Models
import Support
import Tensors

/// `--training-steps N`: one fine-tuning step of all-MiniLM-L6-v2 with a new 3-label head at batch 16 × 256 tokens,
/// BERT dropout — forward + loss + backward (every parameter gradient), then clipping and AdamW — timed N times
/// after one warm-up. Prints each step and the medians with quartiles, in wall-clock and in process CPU time (all
/// threads: on a machine shared with other work the CPU time varies far less than the wall clock).
enum TrainingStepBenchmark {
    static func run(base: URL, steps: Int) throws {
        var model = try SequenceClassifier.load(directory: base, newHeadFor: ["a", "b", "c"], seed: 1)
        var generator = SeededGenerator(seed: 3)
        let sequences = (0..<16).map { _ in
            [101] + (0..<254).map { _ in 1000 + Int(generator.next() % 20000) } + [102]
        }
        let batch = try TokenBatch(sequences)
        let labels = (0..<16).map { $0 % 3 }
        var optimizer = AdamW()
        var (passes, passCPU, updates): ([Double], [Double], [Double]) = ([], [], [])
        for index in 0...steps {
            var step: SequenceClassifier.TrainingStep?
            let cpuStart = processCPUMilliseconds()
            let pass = try Timing.once {
                step = try model.trainingStep(batch, labels: labels, dropout: .bert, generator: &generator)
            }
            let cpu = processCPUMilliseconds() - cpuStart
            guard var step else { break }
            let update = Timing.once {
                step.gradients.clip(maximumNorm: 1)
                optimizer.update(&model, gradients: step.gradients, learningRate: 5e-5)
            }
            print(
                String(
                    format: "step %d: forward+backward %.0f ms (CPU %.0f ms), clip+AdamW %.0f ms, loss %.4f", index,
                    pass, cpu, update, step.loss))
            if index > 0 {  // step 0 warms up
                passes.append(pass)
                passCPU.append(cpu)
                updates.append(update)
            }
        }
        func figures(_ values: [Double]) -> String {
            String(
                format: "%.0f ms (%.0f–%.0f)", Timing.median(values), Timing.quantile(values, 0.25),
                Timing.quantile(values, 0.75))
        }
        print(
            "MiniLM training step, 16 × 256, median of \(passes.count) (quartiles): forward+backward "
                + "\(figures(passes)), CPU \(figures(passCPU)); clip+AdamW \(figures(updates))")
    }

    /// This process's CPU time so far (every thread, user and system), in milliseconds.
    static func processCPUMilliseconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) * 1e3 + Double(time.tv_nsec) / 1e6
    }
}
