import ArgumentParser
import Attribution
import Batch
import Dossier
import Foundation
import Typesetting

/// `dossier heads CORPUS_OR_BATCH --out heads.pdf`: head importance and roles over many documents.
struct HeadsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heads",
        abstract: "Aggregate head importance and roles over a batch or a corpus, as a PDF (and JSON).",
        discussion: """
            Given a batch folder (with manifest.jsonl), reads its dossiers' sidecars; given a corpus (a folder, \
            JSONL or CSV as for batch) and --model, explains each document first. Reports which heads the \
            decisions depend on, which always behave the same way, and which are candidates for pruning.
            """)

    @Argument(help: ArgumentHelp("A batch folder, or a corpus folder, .jsonl or .csv.", valueName: "input"))
    var input: String

    @Option(name: .long, help: ArgumentHelp("The model (needed for a corpus).", valueName: "dir"))
    var model: String?

    @Option(name: .long, help: ArgumentHelp("Write the report PDF here.", valueName: "heads.pdf"))
    var out: String

    @Option(name: .long, help: ArgumentHelp("Also write the census as JSON.", valueName: "heads.json"))
    var json: String?

    func run() throws {
        do {
            let url = URL(fileURLWithPath: input)
            let isBatch = FileManager.default.fileExists(atPath: url.appendingPathComponent("manifest.jsonl").path)
            let census: HeadCensus
            var modelName = model ?? "as recorded"
            if isBatch {
                census = try HeadsReport.census(batchFolder: url)
                if let settings = try? BatchSettings.read(url.appendingPathComponent("batch.json")) {
                    modelName = settings.model
                }
            } else {
                guard let model else {
                    throw ValidationError(
                        "\(input) is not a batch folder (no manifest.jsonl): give --model to explain it")
                }
                let explainer = try Explainer.load(directory: URL(fileURLWithPath: model))
                let (result, failures) = try HeadsReport.census(corpus: url, explainer: explainer)
                for failure in failures { warn("skipped: \(failure)") }
                census = result
            }
            let fonts = try FontLibrary(directory: ResourceLocator.fonts())
            let pdf = try HeadsReport.render(
                census, source: isBatch ? "batch \(input)" : "corpus \(input)", model: modelName, fonts: fonts)
            var outputs = [(pdf, URL(fileURLWithPath: out))]
            if let json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                outputs.append((try encoder.encode(census), URL(fileURLWithPath: json)))
            }
            try DossierWriter.writeAll(outputs)
            let candidates = census.heads.filter(\.pruningCandidate).count
            print(
                "\(out): \(census.documents) documents, \(census.heads.count) heads, \(candidates) pruning candidates")
        } catch let error as ValidationError {
            throw error
        } catch {
            throw fail(error)
        }
    }
}
