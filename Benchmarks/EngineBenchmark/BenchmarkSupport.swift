import Attribution
import Foundation
import Tokenizers

/// `--repeats N`, `--rounds N`, `--lengths a b c`, `--no-pytorch`, `--training-steps N`, `--modernbert TOKENS`.
struct BenchmarkArguments {
    /// Paired runs per length and round (and timed runs per phase).
    var repeats = 7
    /// Sweeps over the lengths, so that each length is measured at several moments of a shared machine.
    var rounds = 3
    var lengths = [128, 256, 512]
    var pytorch = true
    /// Time this many MiniLM training steps instead (`TrainingStepBenchmark`).
    var trainingSteps: Int?
    /// Run one document of this many tokens through a ModernBERT-shaped model instead (`LongContextBenchmark`).
    var modernBERTTokens: Int?

    init<S: Sequence>(_ words: S) where S.Element == String {
        var words = Array(words)[...]
        while let word = words.popFirst() {
            switch word {
            case "--repeats": repeats = max(1, Int(words.popFirst() ?? "") ?? repeats)
            case "--rounds": rounds = max(1, Int(words.popFirst() ?? "") ?? rounds)
            case "--no-pytorch": pytorch = false
            case "--training-steps": trainingSteps = max(1, Int(words.popFirst() ?? "") ?? 5)
            case "--modernbert": modernBERTTokens = max(3, min(8192, Int(words.popFirst() ?? "") ?? 4000))
            case "--lengths":
                var values: [Int] = []
                while let next = words.first, let value = Int(next) {
                    values.append(value)
                    words.removeFirst()
                }
                if !values.isEmpty { lengths = values }
            default:
                FileHandle.standardError.write(Data("warning: ignoring argument '\(word)'\n".utf8))
            }
        }
    }
}

/// Deterministic inputs: [CLS] + n − 2 whole-word ids + [SEP], like the PyTorch script (other words, same shape).
enum BenchmarkInput {
    static func ids(tokenizer: any Tokenizer, count: Int) -> [Int] {
        let words = ["loan", "income", "payment", "the", "applicant", "bank", "credit", "term", "rate", "months"]
        let body = (0..<(count - 2)).map { tokenizer.id(forToken: words[($0 * 7) % words.count]) ?? 100 }
        return [tokenizer.specialTokens.start] + body + [tokenizer.specialTokens.end]
    }
}

/// Wall-clock timing: single runs, the pause before each timed run, medians and quantiles.
enum Timing {
    /// The pause before each timed run of a pair: PyTorch's OpenMP threads keep spinning for a while after its run
    /// ends, and on this project's 2-core machine a Swift run started at once was measured 40 % slower (forward
    /// at 128 tokens: 31 against 22 ms; with a pause of 20 ms or more the order of a pair made no difference).
    static let settle: UInt32 = 100_000  // µs

    /// `work()` after the `settle` pause.
    static func settled<T>(_ work: () throws -> T) rethrows -> T {
        usleep(settle)
        return try work()
    }

    /// Wall-clock milliseconds of one run of `work`.
    static func once(_ work: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try work()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }

    /// The median of `values` (0 when empty).
    static func median(_ values: [Double]) -> Double { quantile(values, 0.5) }

    /// The `q`-quantile of `values` with linear interpolation between order statistics (0 when empty).
    static func quantile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}

extension Explainer {
    /// One explanation of an already tokenised window (no faithfulness), for timing.
    func explain(ids: [Int]) throws {
        _ = try explainWindow(ids: ids)
    }
}
