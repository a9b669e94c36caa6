/// Token sequences prepared for one forward pass: padded on the right to the longest, with a mask.
///
/// Shapes: B = sequences, T = padded length.
public struct TokenBatch: Sendable, Equatable {
    /// The sequences' ids, unpadded, special tokens included.
    public let sequences: [[Int]]
    /// Padded length T (the longest sequence).
    public let length: Int

    /// Creates a batch; every sequence must be non-empty.
    /// - Throws: `ModelError.emptySequence` for an empty sequence.
    public init(_ sequences: [[Int]]) throws {
        guard !sequences.isEmpty, sequences.allSatisfy({ !$0.isEmpty }) else { throw ModelError.emptySequence }
        self.sequences = sequences
        length = sequences.map(\.count).max() ?? 0
    }

    /// Number of sequences B.
    public var count: Int { sequences.count }

    /// Real (unpadded) length of sequence `b`.
    public func length(of b: Int) -> Int { sequences[b].count }

    /// Ids padded with `padID`, `[B, T]` flattened.
    func paddedIDs(padID: Int) -> [Int] {
        sequences.flatMap { $0 + [Int](repeating: padID, count: length - $0.count) }
    }
}
