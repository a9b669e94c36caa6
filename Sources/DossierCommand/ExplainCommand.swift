import ArgumentParser
import Dossier
import Foundation

/// `dossier explain DOC --model DIR --out DOSSIER.pdf`: one decision explained as a PDF dossier.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain one decision as a PDF dossier (and a JSON record).",
        discussion: """
            Classifies the document, attributes the decision to its passages, checks how far that can be trusted, \
            and writes a PDF dossier with the JSON record embedded (--out) and beside it (--json). Without --out or \
            --json it prints the summary only. Files are written to a temporary name and renamed, so a failure \
            leaves nothing behind.
            """)

    @Argument(help: ArgumentHelp("The document: .txt, .md, .json or .csv.", valueName: "document"))
    var document: String

    @OptionGroup var modelOptions: ModelOptions

    @Option(name: .long, help: ArgumentHelp("Write the PDF dossier to this file.", valueName: "dossier.pdf"))
    var out: String?

    @Option(name: .long, help: ArgumentHelp("Write the JSON record to this file.", valueName: "record.json"))
    var json: String?

    @OptionGroup var dossierOptions: DossierOptions

    @Flag(name: .long, help: "Print seconds per stage on standard error.")
    var timings = false

    func run() throws {
        do {
            let started = Date()
            let maker = try DossierMaker(model: modelOptions.modelURL, template: dossierOptions.templateURL)
            let loaded = Date()
            let dossier = try maker.make(
                try dossierOptions.request(
                    document: document, model: modelOptions.model, commandLine: CommandLine.arguments))
            let made = Date()
            try DossierWriter.write(
                dossier, pdf: out.map { URL(fileURLWithPath: $0) }, json: json.map { URL(fileURLWithPath: $0) })
            print(dossier.record.consoleSummary(pdf: out, pages: dossier.pageCount))
            if timings {
                var stages = [("start-up and loading", loaded.timeIntervalSince(started))] + dossier.timings
                stages.append(("writing", Date().timeIntervalSince(made)))
                let total = Date().timeIntervalSince(started)
                for (stage, seconds) in stages {
                    warn(String(format: "timing: %-22@ %7.3f s  %5.1f %%", stage, seconds, 100 * seconds / total))
                }
                warn(String(format: "timing: %-22@ %7.3f s", "total (in process)", total))
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail(error)
        }
    }
}
