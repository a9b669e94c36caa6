import ArgumentParser
import Attribution
import Corpus
import Foundation
import Tensors

/// `dossier evaluate CORPUS.jsonl --model DIR`: accuracy, per-class F1 and plausibility on generated documents.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure a model on a generated corpus: accuracy, per-class F1, and attribution plausibility.",
        discussion: """
            Plausibility is the token-level average precision of each attribution method's scores against the \
            corpus's ground-truth rationale spans (ERASER), averaged over documents; 'random' is the expected \
            precision of a random ranking (the share of rationale tokens). Use documents the model was not \
            trained on (a corpus generated with another seed).
            """)

    @Argument(help: ArgumentHelp("A corpus.jsonl written by 'dossier corpus'.", valueName: "corpus"))
    var corpus: String

    @OptionGroup var modelOptions: ModelOptions

    @Option(name: .long, help: "Evaluate at most this many documents (the first ones).")
    var count: Int = 200

    @Option(name: .long, help: ArgumentHelp("Write the figures as JSON to this file.", valueName: "file"))
    var json: String?

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be positive") }
    }

    func run() throws {
        do {
            let url = URL(fileURLWithPath: corpus)
            let text = try String(contentsOf: url, encoding: .utf8)
            let documents = Array(try CorpusDocument.decodeJSONLines(text, path: url.path).prefix(count))
            let explainer = try Explainer.load(directory: modelOptions.modelURL)
            let labels = explainer.model.config.labels
            var evaluation = Evaluation(labels: labels)
            var options = Explainer.Options()
            options.faithfulness = false
            for (n, document) in documents.enumerated() {
                let explanation = try explainer.explain(document.text, options: options)
                let relevant = Plausibility.relevance(
                    tokens: explanation.tokens.map { $0.start..<$0.end },
                    rationale: document.rationale.map { $0.span.start..<$0.span.end })
                var precisions: [String: Double] = [:]
                for method in Explanation.methods {
                    precisions[method] = Plausibility.averagePrecision(
                        scores: explanation.tokens.map { $0.scores[method] ?? 0 }, relevant: relevant)
                }
                if !relevant.isEmpty {
                    precisions["random"] = Double(relevant.filter { $0 }.count) / Double(relevant.count)
                }
                evaluation.add(truth: document.label, predicted: explanation.prediction.label, precisions: precisions)
                if (n + 1) % 25 == 0 {
                    FileHandle.standardError.write(Data("evaluated \(n + 1)/\(documents.count)\n".utf8))
                }
            }
            print(evaluation.report())
            if let json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try AtomicFile.write(try encoder.encode(evaluation.summary()), to: URL(fileURLWithPath: json))
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail(error)
        }
    }
}

/// Running totals for `evaluate`.
struct Evaluation {
    struct Summary: Codable {
        var documents: Int
        var accuracy: Double
        var f1: [String: Double]
        var meanAveragePrecision: [String: Double]
    }

    let labels: [String]
    var confusion: [[Int]]
    var precisionSums: [String: Double] = [:]
    var precisionCounts: [String: Int] = [:]

    init(labels: [String]) {
        self.labels = labels
        confusion = Array(repeating: Array(repeating: 0, count: labels.count), count: labels.count)
    }

    mutating func add(truth: String, predicted: String, precisions: [String: Double?]) {
        if let t = labels.firstIndex(of: truth), let p = labels.firstIndex(of: predicted) { confusion[t][p] += 1 }
        for (method, value) in precisions {
            guard let value else { continue }
            precisionSums[method, default: 0] += value
            precisionCounts[method, default: 0] += 1
        }
    }

    func summary() -> Summary {
        let total = confusion.joined().reduce(0, +)
        let correct = labels.indices.map { confusion[$0][$0] }.reduce(0, +)
        var f1: [String: Double] = [:]
        for (k, label) in labels.enumerated() {
            let tp = Double(confusion[k][k])
            let predicted = Double(labels.indices.map { confusion[$0][k] }.reduce(0, +))
            let actual = Double(confusion[k].reduce(0, +))
            f1[label] = predicted + actual > 0 ? 2 * tp / (predicted + actual) : 0
        }
        var map: [String: Double] = [:]
        for (method, sum) in precisionSums { map[method] = sum / Double(max(precisionCounts[method] ?? 1, 1)) }
        return Summary(
            documents: total, accuracy: total > 0 ? Double(correct) / Double(total) : 0, f1: f1,
            meanAveragePrecision: map)
    }

    func report() -> String {
        let s = summary()
        var lines = [String(format: "documents %d, accuracy %.4f", s.documents, s.accuracy)]
        for label in labels { lines.append(String(format: "  F1 %@: %.4f", label as NSString, s.f1[label] ?? 0)) }
        lines.append("token-level average precision against the rationale spans:")
        for method in Explanation.methods + ["random"] {
            lines.append(String(format: "  %@: %.4f", method as NSString, s.meanAveragePrecision[method] ?? 0))
        }
        return lines.joined(separator: "\n")
    }
}
