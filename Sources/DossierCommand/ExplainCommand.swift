import ArgumentParser
import Attribution
import Dossier
import Foundation
import Support

/// `dossier explain DOC --model DIR [--json OUT.json]`: one document's decision and its attributions.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Classify one document and attribute the decision to its words.",
        discussion: """
            Prints the decision, the most influential phrases and the faithfulness check; with --json, writes the \
            full explanation (schemaVersion 1: windows, tokens with offsets, logits, every method's scores, head \
            and layer statistics, faithfulness, agreement) as JSON.
            """)

    @Argument(help: ArgumentHelp("The document: .txt, .md, .json or .csv.", valueName: "document"))
    var document: String

    @OptionGroup var modelOptions: ModelOptions

    @Option(name: .long, help: ArgumentHelp("Write the explanation as JSON to this file.", valueName: "file"))
    var json: String?

    @Option(name: .long, help: ArgumentHelp("Explain this label instead of the predicted one.", valueName: "label"))
    var target: String?

    @Option(name: .long, help: "Content tokens per window for long documents (default: the model's maximum).")
    var windowSize: Int?

    @Option(name: .long, help: "Tokens between window starts (default: half the window size).")
    var windowStride: Int?

    @Flag(name: .long, help: "Skip the faithfulness checks (about 70 extra batched forward passes).")
    var noFaithfulness = false

    func run() throws {
        do {
            let text = try DocumentText.load(URL(fileURLWithPath: document))
            let explainer = try Explainer.load(directory: modelOptions.modelURL)
            var options = Explainer.Options(windowSize: windowSize, windowStride: windowStride)
            options.target = try target.map(explainer.targetIndex)
            options.faithfulness = !noFaithfulness
            let explanation = try explainer.explain(text.text, options: options)
            if let json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                try AtomicFile.write(try encoder.encode(explanation), to: URL(fileURLWithPath: json))
            }
            print(ExplanationSummary(explanation, document: document).text)
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail(error)
        }
    }
}

/// The few lines `explain` prints: decision, top phrases, faithfulness.
struct ExplanationSummary {
    let text: String

    init(_ e: Explanation, document: String) {
        let probabilities = zip(e.model.labels, e.prediction.probabilities)
            .map { "\($0) \(String(format: "%.3f", $1))" }.joined(separator: ", ")
        var lines = [
            "\(document): \(e.prediction.label) (\(probabilities))",
            "  \(e.document.tokens) tokens in \(e.document.windowCount) window(s) of \(e.document.windowSize)"
                + ", explaining '\(e.prediction.targetLabel)'",
        ]
        for phrase in (e.phrases[.gradientWeighted] ?? []).prefix(5) {
            lines.append("  • \(phrase.text)  (\(String(format: "%.3g", phrase.score)))")
        }
        if let f = e.faithfulness, let g = f.methods[AttributionMethod.gradientWeighted.rawValue],
            let r = f.methods["random"]
        {
            lines.append(
                "  faithfulness (AOPC comprehensiveness): gradient-weighted "
                    + "\(String(format: "%.3f", g.aopcComprehensiveness)) vs random \(String(format: "%.3f", r.aopcComprehensiveness))"
            )
        }
        text = lines.joined(separator: "\n")
    }
}
