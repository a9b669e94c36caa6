import Foundation

/// Reports a batch's progress on standard error: a bar with rate and time left on a terminal, a plain line every
/// 10 seconds (and at the end) otherwise.
public final class BatchProgress: @unchecked Sendable {
    let total: Int
    let started = Date()
    let isTerminal: Bool
    let enabled: Bool
    private var finished = 0
    private var failed = 0
    private var lastLine: Date
    private let lock = NSLock()

    /// - Parameters:
    ///   - total: Documents to make in this run.
    ///   - enabled: false to print nothing (tests, `--quiet`).
    public init(total: Int, enabled: Bool = true) {
        self.total = total
        self.enabled = enabled
        isTerminal = isatty(STDERR_FILENO) == 1
        lastLine = started
    }

    /// Counts one finished document.
    public func finish(failed didFail: Bool) {
        lock.lock()
        defer { lock.unlock() }
        finished += 1
        if didFail { failed += 1 }
        guard enabled else { return }
        let now = Date()
        if isTerminal {
            FileHandle.standardError.write(Data(("\r" + bar(now: now) + "\u{1B}[K").utf8))
            if finished == total { FileHandle.standardError.write(Data("\n".utf8)) }
        } else if finished == total || now.timeIntervalSince(lastLine) >= 10 {
            lastLine = now
            FileHandle.standardError.write(Data(("batch: " + status(now: now) + "\n").utf8))
        }
    }

    func status(now: Date) -> String {
        let elapsed = now.timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(finished) / elapsed : 0
        let left = rate > 0 ? Double(total - finished) / rate : 0
        let failures = failed > 0 ? ", \(failed) failed" : ""
        return String(
            format: "%d/%d documents%@, %.1f per minute, %@ elapsed, about %@ left", finished, total, failures,
            rate * 60, Self.clock(elapsed), Self.clock(left))
    }

    func bar(now: Date) -> String {
        let width = 28
        let filled = total > 0 ? width * finished / total : width
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            + status(now: now)
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600
            ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
