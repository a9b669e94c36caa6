import ArgumentParser
import Attribution
import Corpus
import Foundation
import Support

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
            let text: String
            do {
                text = try String(contentsOf: url, encoding: .utf8)
            } catch {
                throw UnreadableInput(path: url.path, reason: AtomicFile.reason(error))
            }
            let documents = try CorpusDocument.decodeJSONLines(text, path: url.path).prefix(count).map {
                PlausibilityEvaluation.Document(
                    text: $0.text, label: $0.label, rationale: $0.rationale.map { $0.span.start..<$0.span.end })
            }
            let explainer = try Explainer.load(directory: modelOptions.modelURL)
            let evaluation = try PlausibilityEvaluation.run(explainer, documents: documents) { done in
                if done % 25 == 0 {
                    FileHandle.standardError.write(Data("evaluated \(done)/\(documents.count)\n".utf8))
                }
            }
            let report = evaluation.report
            var lines = [String(format: "documents %d, accuracy %.4f", report.documents, report.accuracy)]
            for label in evaluation.labels {
                lines.append(String(format: "  F1 %@: %.4f", label as NSString, report.f1[label] ?? 0))
            }
            lines.append("token-level average precision against the rationale spans:")
            for method in Explanation.methods.map(\.rawValue) + ["random"] {
                lines.append(String(format: "  %@: %.4f", method as NSString, report.meanAveragePrecision[method] ?? 0))
            }
            print(lines.joined(separator: "\n"))
            if let json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try AtomicFile.write(try encoder.encode(report), to: URL(fileURLWithPath: json))
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail(error)
        }
    }
}
