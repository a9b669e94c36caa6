import Foundation

/// A value computed on a thread of its own while the caller does something else, waited for where it is
/// needed: a tokenizer read while the weights load, a model's files hashed while a document is explained.
///
/// The work starts at once. ``value()`` blocks until it has finished and returns its value or rethrows its error;
/// it may be called any number of times, from any thread.
public final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    /// The outcome, shared with the thread (which must not keep the handle alive, so that `deinit` runs).
    private final class State: @unchecked Sendable {
        let condition = NSCondition()
        var outcome: Result<Value, any Error>?

        func finished() -> Result<Value, any Error> {
            condition.lock()
            defer { condition.unlock() }
            while outcome == nil { condition.wait() }
            // The loop above leaves only a finished outcome.
            guard let finished = outcome else { preconditionFailure("background work without an outcome") }
            return finished
        }
    }

    private let state = State()

    /// Starts `work` on a new thread named `name`.
    public init(name: String, _ work: @escaping @Sendable () throws -> Value) {
        let state = self.state
        let thread = Thread {
            let finished = Result { try work() }
            state.condition.lock()
            state.outcome = finished
            state.condition.broadcast()
            state.condition.unlock()
        }
        thread.name = name
        thread.start()
    }

    /// Waits for the work when the handle is dropped without asking for its value (a caller that throws
    /// first): no thread is left running into the process's exit.
    deinit { _ = state.finished() }

    /// The work's value, once it has finished.
    /// - Throws: The error the work threw.
    public func value() throws -> Value {
        try state.finished().get()
    }
}
