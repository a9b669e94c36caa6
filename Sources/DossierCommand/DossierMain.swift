import ArgumentParser

/// The `dossier` command: explains transformer text-classifier decisions.
@main
struct DossierMain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dossier",
        abstract: "Explain transformer text-classifier decisions: attributions, heads and faithfulness checks.",
        version: "0.1.0",
        subcommands: [ExplainCommand.self, EvaluateCommand.self, CorpusCommand.self, TrainCommand.self])
}
