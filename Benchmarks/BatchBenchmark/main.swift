// `dossier batch` throughput and memory: dossiers per minute and peak resident memory for generated loan
// documents of about 256 tokens (each cut at a sentence end near 1,100 characters), default dossier (regulator,
// quick trust checks), all cores.
//
// Usage: swift build -c release && swift run -c release BatchBenchmark [count ...]   (default: 100 1000)
// Each count is one cold `dossier batch` process; peak RSS is the process's maximum resident set (getrusage).
// Comparing the figure at 100 and at 1,000 documents shows whether memory stays flat.
import Foundation

let counts = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let binary = root.appendingPathComponent(".build/release/dossier").path
guard FileManager.default.isExecutableFile(atPath: binary) else {
    FileHandle.standardError.write(Data("error: \(binary): build it first (swift build -c release)\n".utf8))
    exit(1)
}
let work = FileManager.default.temporaryDirectory.appendingPathComponent("batch-benchmark-\(getpid())")
try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: work) }

/// Runs a program to its end; returns its wall seconds and the children's peak RSS in MB so far.
func run(_ arguments: [String]) throws -> (seconds: Double, peakMB: Double, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.currentDirectoryURL = root
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    let started = Date()
    try process.run()
    let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let seconds = Date().timeIntervalSince(started)
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
    return (seconds, Double(usage.ru_maxrss) / 1024, output)
}

/// The first sentences of a text up to about `limit` characters.
func cut(_ text: String, limit: Int) -> String {
    guard text.count > limit else { return text }
    let head = String(text.prefix(limit))
    if let end = head.range(of: ". ", options: .backwards),
        end.lowerBound > head.index(head.startIndex, offsetBy: limit / 2)
    {
        return String(head[..<end.upperBound]).trimmingCharacters(in: .whitespaces)
    }
    return head
}

let sizes = counts.isEmpty ? [100, 1000] : counts
let largest = sizes.max() ?? 100
let corpus = work.appendingPathComponent("corpus")
_ = try run(["corpus", "--count", "\(largest)", "--seed", "11", "--out", corpus.path])
let lines = try String(contentsOf: corpus.appendingPathComponent("corpus.jsonl"), encoding: .utf8)
    .split(separator: "\n")
    .compactMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    .map { ["id": $0["id"] as? String ?? "", "text": cut($0["text"] as? String ?? "", limit: 1_100)] }
print("dossier batch, default dossier (regulator, quick trust), \(ProcessInfo.processInfo.activeProcessorCount) cores")
print("documents  seconds  dossiers/min  peak RSS (MB)")
for count in sizes.sorted() {
    let input = work.appendingPathComponent("input-\(count).jsonl")
    let rows = try lines.prefix(count).map {
        String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self)
    }
    try Data((rows.joined(separator: "\n") + "\n").utf8).write(to: input)
    let out = work.appendingPathComponent("out-\(count)")
    let result = try run([
        "batch", input.path, "--model", "Samples/Models/loan-decision", "--out", out.path, "--quiet",
        "--date", "2026-12-01",
    ])
    print(
        String(
            format: "%9d  %7.1f  %12.1f  %13.0f", count, result.seconds, Double(count) / result.seconds * 60,
            result.peakMB))
    try? FileManager.default.removeItem(at: out)
}
