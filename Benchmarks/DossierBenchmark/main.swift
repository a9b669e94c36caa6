// Cold `dossier explain --out` wall time and the share of each stage, on a ~130-token form (the first 17 lines of
// loan-06-form.txt), a form of ~240 tokens, the two-window loan letter (764 tokens) and a three-window contract,
// with the default trust section (quick).
//
// Usage: swift build -c release && swift run -c release DossierBenchmark [runs] [path/to/dossier]
// Each run is a new process (cold: loading, hashing and font start-up included), after a 100 ms pause. Prints
// the median wall time with its range and the median seconds of each stage from `--timings`.
import Foundation

let runs = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 7 : 7
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let binary =
    CommandLine.arguments.count > 2
    ? CommandLine.arguments[2] : root.appendingPathComponent(".build/release/dossier").path
guard FileManager.default.isExecutableFile(atPath: binary) else {
    FileHandle.standardError.write(Data("error: \(binary): build it first (swift build -c release)\n".utf8))
    exit(1)
}
let output = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-benchmark.pdf").path
// A document of about 128 tokens: the head of a sample form, written to a temporary file.
let short = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-benchmark-short-form.txt")
let form = try String(contentsOf: root.appendingPathComponent("Samples/Documents/loan-06-form.txt"), encoding: .utf8)
try form.split(separator: "\n", omittingEmptySubsequences: false).prefix(17).joined(separator: "\n")
    .appending("\n").write(to: short, atomically: true, encoding: .utf8)
let documents = [
    (short.path, "Samples/Models/loan-decision"),
    ("Samples/Documents/loan-04-form.txt", "Samples/Models/loan-decision"),
    ("Samples/Documents/loan-10-letter.txt", "Samples/Models/loan-decision"),
    ("Samples/Documents/contract-03-service.txt", "Samples/Models/contract-risk"),
]

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

print(
    "cold dossier explain --out (default trust: quick), \(runs) runs each; \(ProcessInfo.processInfo.activeProcessorCount) cores"
)
for (document, model) in documents {
    var walls: [Double] = []
    var stages: [String: [Double]] = [:]
    var order: [String] = []
    var tokens = ""
    for _ in 0..<runs {
        usleep(100_000)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["explain", document, "--model", model, "--out", output, "--timings"]
        process.currentDirectoryURL = root
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let started = Date()
        try process.run()
        let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let timings = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        walls.append(Date().timeIntervalSince(started))
        guard process.terminationStatus == 0 else {
            print("\(document): failed: \(timings)")
            exit(1)
        }
        tokens = printed.split(separator: "\n").dropFirst().first.map(String.init) ?? ""
        for line in timings.split(separator: "\n") where line.contains("timing:") && !line.contains("total") {
            // "warning: timing: explanation    0.123 s   12.3 %"
            let body = line.components(separatedBy: "timing: ")[1]
            let parts = body.split(separator: " ", omittingEmptySubsequences: true)
            guard let sIndex = parts.firstIndex(of: "s"), sIndex > 0, let seconds = Double(parts[sIndex - 1]) else {
                continue
            }
            let name = parts[..<(sIndex - 1)].joined(separator: " ")
            if stages[name] == nil { order.append(name) }
            stages[name, default: []].append(seconds)
        }
    }
    let wall = median(walls)
    print(
        "\n\(document):\(tokens)\n  wall \(String(format: "%.3f", wall)) s median "
            + "(range \(String(format: "%.3f", walls.min() ?? 0))–\(String(format: "%.3f", walls.max() ?? 0)) s)")
    for name in order {
        let seconds = median(stages[name] ?? [])
        print(String(format: "  %-22@ %6.3f s  %5.1f %%", name, seconds, 100 * seconds / wall))
    }
}
