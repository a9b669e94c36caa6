import ArgumentParser
import Batch
import Dossier
import Foundation

/// `dossier batch INPUT --out DIR --model DIR`: a dossier for every document, with a manifest, index and sums.
struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Explain every document of a folder, JSONL or CSV file: PDFs, sidecars, manifest, index, archive.",
        discussion: """
            INPUT is a folder of documents, a JSONL file (one object per line: id, text or path, optional case \
            fields such as caseId, action, decisionDate, creditType, reviewer) or a CSV file with the same columns. \
            The model and fonts are loaded once; --jobs documents are made at once. For each document DIR/dossiers \
            gets <id>.pdf and <id>.json, then a line is appended to DIR/manifest.jsonl; at the end the manifest is \
            sorted and DIR/manifest.csv, DIR/index.pdf and DIR/SHA256SUMS are written. A bad document is recorded \
            as failed with its reason and the batch goes on; the exit status is 1 if any failed. After a crash, \
            the same command with --resume makes only what the manifest lacks. With --shard K/N (or auto, from a \
            Kubernetes Indexed Job or a Slurm array) this task makes its share into DIR/shard-K-of-N; join the \
            shards with `dossier merge`.
            """)

    @Argument(help: ArgumentHelp("A folder of documents, a .jsonl or a .csv file.", valueName: "input"))
    var input: String

    @OptionGroup var modelOptions: ModelOptions

    @Option(name: .long, help: ArgumentHelp("The batch folder to write.", valueName: "dir"))
    var out: String

    @Option(name: .long, help: "Documents made at once (default: one per core).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Finish a batch folder that a crash or a stop left unfinished.")
    var resume = false

    @Option(
        name: .long,
        help: ArgumentHelp("Make only shard K of N (by id), or 'auto' from the scheduler.", valueName: "K/N|auto"))
    var shard: String?

    @Option(name: .long, help: "The number of shards, for --shard auto when the scheduler does not tell it.")
    var shards: Int?

    @Option(
        name: .long, help: ArgumentHelp("Also write one ZIP with every file and SHA256SUMS.", valueName: "file.zip"))
    var archive: String?

    @Flag(name: .long, help: "No progress on standard error.")
    var quiet = false

    @OptionGroup var dossierOptions: DossierOptions

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        if dossierOptions.caseId != nil || dossierOptions.record != nil {
            throw ValidationError(
                "--case-id and --record are per document: give caseId and case fields in the input rows")
        }
        if dossierOptions.target != nil { throw ValidationError("--target is not supported by batch") }
        if shards != nil, shard != "auto" { throw ValidationError("--shards goes with --shard auto") }
        if let shards, shards < 1 { throw ValidationError("--shards must be at least 1") }
    }

    func run() throws {
        do {
            let part: Shard
            switch shard {
            case nil: part = .whole
            case "auto": part = try Shard.automatic(environment: ProcessInfo.processInfo.environment, shards: shards)
            case let text?: part = try Shard(parsing: text)
            }
            let maker = try DossierMaker(model: modelOptions.modelURL, template: dossierOptions.templateURL)
            let options = BatchOptions(
                input: URL(fileURLWithPath: input), output: URL(fileURLWithPath: out, isDirectory: true), jobs: jobs,
                resume: resume, shard: part, modelName: modelOptions.model,
                audience: Audience(rawValue: dossierOptions.audience) ?? .regulator,
                trustLevel: TrustLevel(rawValue: dossierOptions.faithfulness) ?? .quick,
                decisionDate: dossierOptions.date,
                windowSize: dossierOptions.windowSize, windowStride: dossierOptions.windowStride,
                maximumCharacters: dossierOptions.maxCharacters, commandLine: recordedCommandLine())
            let summary = try BatchRunner.run(maker: maker, options: options, showProgress: !quiet)
            if let archive {
                try BatchPackage.archive(folder: summary.folder, to: URL(fileURLWithPath: archive))
            }
            var line = "\(summary.folder.path): \(summary.total) documents"
            if part.count > 1 { line += " in shard \(part)" }
            line += ", \(summary.made) explained, \(summary.failed) failed"
            if summary.alreadyDone > 0 { line += " (\(summary.alreadyDone) already done)" }
            line += String(format: " in %.1f s", summary.seconds)
            if summary.made > 0 {
                line += String(format: " (%.1f per minute)", Double(summary.made) / summary.seconds * 60)
            }
            print(line)
            if let archive { print("archive: \(archive)") }
            let failed = summary.entries.filter { $0.status == .failed }
            for entry in failed.prefix(20) { warn("failed: \(entry.id): \(entry.error ?? "")") }
            if failed.count > 20 { warn("… and \(failed.count - 20) more failures (see manifest.csv)") }
            if !failed.isEmpty { throw ExitCode.failure }
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail(error)
        }
    }

    /// The command line recorded in every dossier: what changes the dossier, not where or how it was scheduled
    /// (--out, --jobs, --resume, --shard, --shards, --archive, --quiet are left out, so a sharded batch makes
    /// the same PDFs as an unsharded one).
    func recordedCommandLine() -> String {
        let dropped: Set<String> = ["--out", "--jobs", "--shard", "--shards", "--archive"]
        var arguments = Array(CommandLine.arguments.dropFirst())
        var kept = ["dossier"]
        while !arguments.isEmpty {
            let argument = arguments.removeFirst()
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if argument == "--resume" || argument == "--quiet" { continue }
            if dropped.contains(name) {
                if !argument.contains("="), !arguments.isEmpty { arguments.removeFirst() }
                continue
            }
            kept.append(argument.contains(" ") ? "'\(argument)'" : argument)
        }
        return kept.joined(separator: " ")
    }
}
