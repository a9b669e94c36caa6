import ArgumentParser
import Dossier
import Tensors

/// The `dossier` command: explains transformer text-classifier decisions.
@main
struct DossierMain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dossier",
        abstract: "Explain transformer text-classifier decisions: attributions, heads and faithfulness checks.",
        version: DossierMaker.toolVersion,
        subcommands: [
            ExplainCommand.self, BatchCommand.self, MergeCommand.self, VerifyCommand.self, HeadsCommand.self,
            EvaluateCommand.self, CorpusCommand.self, TrainCommand.self,
        ])

    /// Keeps the engine's large buffers in the heap between explanations (see `MemoryReuse`), then runs.
    static func main() {
        MemoryReuse.keepFreedBuffers()
        main(nil)
    }
}
