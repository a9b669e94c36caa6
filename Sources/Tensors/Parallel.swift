import Dispatch
import Foundation

/// Splits loops over independent items across the machine's cores.
///
/// Work items must write disjoint memory. (BLAS itself is single-threaded; see `BLAS`.) Regions run on
/// `WorkerPool`'s spinning threads, whose wake-up takes a fraction of a microsecond instead of Dispatch's ~15 µs.
public enum Parallel {
    /// Worker count: the number of active processors.
    public static let width = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Runs `body(i)` for every `i` in `0..<count`, in parallel when `count` justifies it.
    /// - Parameter minimumPerWorker: below `2 × minimumPerWorker` items the loop runs serially.
    public static func forEach(_ count: Int, minimumPerWorker: Int = 1, _ body: (Int) -> Void) {
        let workers = min(width, count / max(1, minimumPerWorker))
        guard workers > 1 else {
            for i in 0..<count { body(i) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let box = UncheckedBox(body)
            let share: @Sendable (Int) -> Void = { worker in
                var i = worker
                while i < count {
                    box.value(i)
                    i += workers
                }
            }
            // The spinning pool when it is free and every worker has a share; Dispatch otherwise.
            if workers == width, let pool = WorkerPool.shared, pool.run(share) { return }
            DispatchQueue.concurrentPerform(iterations: workers, execute: share)
        }
    }

    /// Runs `body(range)` over contiguous chunks of `0..<count` (for element-wise loops).
    public static func chunks(_ count: Int, minimumChunk: Int = 16_384, _ body: (Range<Int>) -> Void) {
        let workers = min(width, count / max(1, minimumChunk))
        guard workers > 1 else {
            body(0..<count)
            return
        }
        let size = (count + workers - 1) / workers
        forEach(workers) { w in body((w * size)..<min(count, (w + 1) * size)) }
    }
}

/// Carries a non-Sendable value into a concurrent region whose items touch disjoint memory.
public struct UncheckedBox<Value>: @unchecked Sendable {
    public let value: Value
    public init(_ value: Value) { self.value = value }
}
