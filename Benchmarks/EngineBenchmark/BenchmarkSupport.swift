import Attribution
import Foundation
import Tokenizers

/// `--repeats N`, `--rounds N`, `--lengths a b c`, `--no-pytorch`.
struct BenchmarkArguments {
    var repeats = 7
    /// Alternations of PyTorch and Swift measurements; the figures are medians over the rounds, so that a slow
    /// spell of a shared machine weighs on both sides alike.
    var rounds = 3
    var lengths = [128, 256, 512]
    var pytorch = true

    init<S: Sequence>(_ words: S) where S.Element == String {
        var words = Array(words)[...]
        while let word = words.popFirst() {
            switch word {
            case "--repeats": repeats = max(1, Int(words.popFirst() ?? "") ?? repeats)
            case "--rounds": rounds = max(1, Int(words.popFirst() ?? "") ?? rounds)
            case "--no-pytorch": pytorch = false
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

/// Median wall-clock milliseconds of `repeats` runs after two warm-ups.
enum Timing {
    static func median(repeats: Int, _ work: () throws -> Void) rethrows -> Double {
        for _ in 0..<2 { try work() }
        var times: [Double] = []
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            try work()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        return median(times)
    }

    /// Wall-clock milliseconds of one run of `work`.
    static func once(_ work: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try work()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }

    /// The median of `values` (0 when empty).
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// Runs Benchmarks/pytorch_reference.py and reads its JSON lines: tokens → median ms.
enum PyTorchPeer {
    static func medians(task: String, model: URL, lengths: [Int], repeats: Int, root: URL) -> [Int: Double] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [
                "python3", root.appendingPathComponent("Benchmarks/pytorch_reference.py").path, "--model", model.path,
                "--task", task, "--repeats", String(repeats), "--lengths",
            ] + lengths.map(String.init)
        let output = Pipe()
        process.standardOutput = output
        do {
            try process.run()
        } catch {
            FileHandle.standardError.write(Data("warning: cannot run python3: \(error)\n".utf8))
            return [:]
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            FileHandle.standardError.write(
                Data("warning: the PyTorch peer failed (pip install torch transformers); Swift figures only\n".utf8))
            return [:]
        }
        var result: [Int: Double] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let tokens = object["tokens"] as? Int, let median = object["median_ms"] as? Double
            else { continue }
            result[tokens] = median
        }
        return result
    }
}

extension Explainer {
    /// One explanation of an already tokenised window (no faithfulness), for timing.
    func explain(ids: [Int]) throws {
        _ = try explainWindow(ids: ids)
    }
}
