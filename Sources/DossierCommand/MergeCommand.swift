import ArgumentParser
import Batch
import Dossier
import Foundation
import Typesetting

/// `dossier merge SHARD_DIR… --out DIR`: joins the shards of a batch into one folder.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the shard folders of a batch into one, checking nothing is missing or doubled.",
        discussion: """
            Each folder must come from `dossier batch --shard K/N` over the same input, model, template and options, \
            and all N must be given. The merged folder gets every PDF and sidecar, the manifest (sorted), its CSV \
            view, the index PDF and SHA256SUMS, as one unsharded run would.
            """)

    @Argument(help: ArgumentHelp("The shard folders (DIR/shard-K-of-N).", valueName: "shard-dir"))
    var shards: [String]

    @Option(name: .long, help: ArgumentHelp("The merged batch folder (new).", valueName: "dir"))
    var out: String

    @Option(
        name: .long, help: ArgumentHelp("Also write one ZIP with every file and SHA256SUMS.", valueName: "file.zip"))
    var archive: String?

    func run() throws {
        do {
            let fonts = try FontLibrary(directory: ResourceLocator.fonts())
            let output = URL(fileURLWithPath: out, isDirectory: true)
            let result = try BatchMerge.merge(
                shards: shards.map { URL(fileURLWithPath: $0, isDirectory: true) }, into: output, fonts: fonts)
            if let archive { try BatchPackage.archive(folder: output, to: URL(fileURLWithPath: archive)) }
            let failed = result.entries.filter { $0.status == .failed }.count
            print("\(out): \(result.shards) shards merged, \(result.entries.count) documents (\(failed) failed)")
        } catch {
            throw fail(error)
        }
    }
}
