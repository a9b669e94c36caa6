import Foundation

/// A value computed on a thread of its own while the caller does something else, waited for where it is
/// needed: a tokenizer read while the weights load, a model's files hashed while a document is explained.
///
/// The work starts at once. ``value()`` blocks until it has finished and returns its value or rethrows its error;
/// it may be called any number of times, from any thread.
public final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var outcome: Result<Value, any Error>?

    /// Starts `work` on a new thread named `name`.
    public init(name: String, _ work: @escaping @Sendable () throws -> Value) {
        let thread = Thread { [self] in
            let finished = Result { try work() }
            condition.lock()
            outcome = finished
            condition.broadcast()
            condition.unlock()
        }
        thread.name = name
        thread.start()
    }

    /// The work's value, once it has finished.
    /// - Throws: The error the work threw.
    public func value() throws -> Value {
        condition.lock()
        defer { condition.unlock() }
        while outcome == nil { condition.wait() }
        // The loop above leaves only a finished outcome.
        guard let finished = outcome else { preconditionFailure("background work without an outcome") }
        return try finished.get()
    }
}
