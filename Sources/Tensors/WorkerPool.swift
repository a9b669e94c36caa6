import Foundation
import Synchronization

/// Persistent worker threads behind `Parallel`, which spin for a moment after each region before they sleep.
///
/// The engine's parallel regions come back to back, often tens of microseconds apart and some only tens of
/// microseconds long (a layer norm over 128 tokens). Dispatch's `concurrentPerform` wakes a parked thread for
/// every region, which on this project's machine takes about 15 µs: a 2 × 18 µs region took 34 µs through it (no
/// faster than serial) and 19 µs through this pool. A worker spins on the region counter for up to
/// `spinNanoseconds` after finishing a region, then waits on a condition until the next one.
///
/// Shares are claimed, not assigned: the calling thread runs share 0 and then any share no worker has started,
/// so a worker the system has not scheduled yet (another process on the core) costs its share's time instead of
/// a spin until it runs. Which thread runs a share does not change what it computes.
///
/// One region at a time: `run` returns false without running anything when the pool is busy (a region started
/// from inside a region, or from another thread), and the caller falls back to Dispatch.
final class WorkerPool: @unchecked Sendable {
    // @unchecked: `job` is written only by the thread that owns the region (holding `busy`), before it publishes
    // the region with a releasing increment of `generation`, and cleared only after every worker has signalled
    // completion through `pending`; workers read it only between those two points.

    /// The pool for this machine: one worker fewer than there are cores (the calling thread takes a share).
    static let shared: WorkerPool? = Parallel.width > 1 ? WorkerPool(workers: Parallel.width - 1) : nil

    /// How long a worker keeps polling for the next region before it sleeps.
    static let spinNanoseconds: UInt64 = 200_000

    let workers: Int
    private let generation = Atomic<Int>(0)
    /// The next share to claim (1 … `workers`; larger: all claimed).
    private let nextShare: Atomic<Int>
    /// Shares 1 … `workers` not finished yet.
    private let pending = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private let condition = NSCondition()
    /// Workers waiting on `condition`; guarded by it.
    private var sleepers = 0
    private var job: ((Int) -> Void)?

    private init(workers: Int) {
        self.workers = workers
        nextShare = Atomic(workers + 1)
        for worker in 1...workers {
            let thread = Thread { [unowned self] in self.work(as: worker) }
            thread.name = "dossier-worker-\(worker)"
            thread.start()
        }
    }

    /// Runs `body(0)` on the calling thread and `body(s)` for s = 1 … `workers` on whichever thread claims it
    /// first (a worker, or the calling thread once its own share is done), returning when all have finished;
    /// false (nothing run) when another region holds the pool.
    func run(_ body: (Int) -> Void) -> Bool {
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            return false
        }
        withoutActuallyEscaping(body) { body in
            job = body
            pending.store(workers, ordering: .relaxed)
            nextShare.store(1, ordering: .releasing)
            generation.add(1, ordering: .releasing)
            condition.lock()
            if sleepers > 0 { condition.broadcast() }
            condition.unlock()
            body(0)
            runClaimedShares()
            // Shares a worker has claimed and is still running; let it have the core if it shares ours.
            var polls = 0
            while pending.load(ordering: .acquiring) != 0 {
                polls += 1
                if polls >= 4096, polls & 255 == 0 { sched_yield() }
            }
            job = nil
        }
        busy.store(false, ordering: .releasing)
        return true
    }

    /// Claims and runs shares of the current region until none is left.
    private func runClaimedShares() {
        while true {
            let share = nextShare.add(1, ordering: .acquiringAndReleasing).oldValue
            guard share <= workers else { return }
            job?(share)
            pending.subtract(1, ordering: .releasing)
        }
    }

    private func work(as worker: Int) {
        var seen = 0
        while true {
            seen = nextGeneration(after: seen)
            runClaimedShares()
        }
    }

    /// Waits until a region later than `seen` is published: polling for a while, then sleeping.
    private func nextGeneration(after seen: Int) -> Int {
        let deadline = DispatchTime.now().uptimeNanoseconds + Self.spinNanoseconds
        var polls = 0
        while true {
            let current = generation.load(ordering: .acquiring)
            if current != seen { return current }
            polls += 1
            if polls & 1023 == 0, DispatchTime.now().uptimeNanoseconds > deadline { break }
        }
        condition.lock()
        sleepers += 1
        while generation.load(ordering: .acquiring) == seen { condition.wait() }
        sleepers -= 1
        condition.unlock()
        return generation.load(ordering: .acquiring)
    }
}
