import Foundation

/// A long-lived `Benchmarks/pytorch_reference.py --serve` process that times one PyTorch run per request, so that
/// each Swift run can be paired with a PyTorch run made right before or after it.
///
/// This project's machine is a shared virtual machine whose speed drifts by ±30 % within minutes: runs of the two
/// engines minutes apart compare machine states as much as engines. A pair a fraction of a second apart sees the
/// same state, and the median of the per-pair ratios is the comparison the benchmark reports.
final class PyTorchPeer {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var pending = Data()

    /// Starts the peer on `model`; nil (with a warning) when python3, torch or transformers is missing.
    init?(model: URL, root: URL) {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", root.appendingPathComponent("Benchmarks/pytorch_reference.py").path, "--model", model.path,
            "--serve",
        ]
        process.standardInput = input
        process.standardOutput = output
        do {
            try process.run()
        } catch {
            Self.warn("cannot run python3: \(error)")
            return nil
        }
    }

    deinit {
        try? input.fileHandleForWriting.write(contentsOf: Data("\n".utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    /// Milliseconds of one PyTorch run of `task` ("forward" or "explain") on `tokens` tokens; its two warm-ups
    /// run first the first time a pair is asked for. Nil when the peer has failed.
    func time(task: String, tokens: Int) -> Double? {
        guard process.isRunning else { return nil }
        do {
            try input.fileHandleForWriting.write(contentsOf: Data("\(task) \(tokens)\n".utf8))
        } catch {
            Self.warn("the PyTorch peer stopped: \(error)")
            return nil
        }
        guard let line = readLine(),
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else {
            Self.warn("the PyTorch peer failed (pip install torch transformers); Swift figures only")
            return nil
        }
        guard let ms = object["ms"] as? Double else {
            Self.warn("the PyTorch peer answered \(line)")
            return nil
        }
        return ms
    }

    /// The next line of the peer's output, nil at its end.
    private func readLine() -> String? {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                return line
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { return nil }
            pending.append(chunk)
        }
    }

    private static func warn(_ message: String) {
        FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
    }
}
