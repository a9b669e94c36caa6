import Foundation

/// Logits of windows already classified, keyed by their token ids (special tokens included), so that the
/// trust and fairness passes of one dossier never run a window whose ids they have seen: an edit that leaves a
/// window untouched (a swap of equal length in another window, a removal past it) costs nothing there.
///
/// Seeded with the explained document's windows, whose logits come from the recorded forward pass; a window is
/// then read from the cache rather than recomputed in a padded batch, which agrees to rounding (~1e-6).
public final class WindowLogitsCache: @unchecked Sendable {
    private var logits: [[Int]: [Float]] = [:]
    private let lock = NSLock()
    /// Windows answered from the cache and windows computed, for reports and tests.
    public private(set) var hits = 0
    public private(set) var misses = 0

    public init() {}

    /// A cache holding the windows of an explanation.
    public convenience init(explanation: Explanation) {
        self.init()
        for window in explanation.windows { store(window.tokens.map(\.id), window.logits) }
    }

    func lookUp(_ ids: [Int]) -> [Float]? {
        lock.lock()
        defer { lock.unlock() }
        let found = logits[ids]
        if found == nil { misses += 1 } else { hits += 1 }
        return found
    }

    func store(_ ids: [Int], _ values: [Float]) {
        lock.lock()
        logits[ids] = values
        lock.unlock()
    }
}
