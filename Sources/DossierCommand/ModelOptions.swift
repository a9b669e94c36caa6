import ArgumentParser
import Foundation

/// `--model DIR`, shared by the commands that run a classifier.
struct ModelOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Hugging Face model directory (config.json, model.safetensors, tokenizer.json or vocab.txt).",
            valueName: "dir"))
    var model: String

    var modelURL: URL { URL(fileURLWithPath: model) }
}

/// An input file the command could not read, reported as `<file>: cannot read: <reason>`.
struct UnreadableInput: Error, CustomStringConvertible {
    let path: String
    let reason: String

    var description: String { "\(path): cannot read: \(reason)" }
}

/// Prints `error: …` on standard error and exits with status 1: the one-line failure every command uses.
func fail(_ error: any Error) -> ExitCode {
    let message = String(describing: error)
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    return ExitCode.failure
}

/// Prints `warning: …` on standard error.
func warn(_ message: String) {
    FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
}
