/// How a document's content tokens are split into overlapping windows the model can read.
///
/// Windows hold `size` content tokens (the model's maximum minus its special tokens by default) and start
/// every `stride` tokens; the last window is aligned to the end of the document so no window is a short
/// tail. A document that fits is one window. Nothing is truncated: every token lies in at least one window.
public struct WindowPlan: Sendable, Equatable, Codable {
    /// Content tokens per window (special tokens not counted).
    public var size: Int
    /// Tokens between the starts of consecutive windows.
    public var stride: Int
    /// Content-token ranges of the windows, in document order.
    public var ranges: [Range<Int>]

    /// Plans windows over `tokenCount` content tokens.
    /// - Precondition: `size > 0` and `0 < stride <= size` (validated by callers as user input).
    public init(tokenCount: Int, size: Int, stride: Int) {
        precondition(size > 0 && stride > 0 && stride <= size, "invalid window size \(size) / stride \(stride)")
        self.size = size
        self.stride = stride
        guard tokenCount > size else {
            ranges = [0..<tokenCount]
            return
        }
        var ranges: [Range<Int>] = []
        var start = 0
        while start + size < tokenCount {
            ranges.append(start..<(start + size))
            start += stride
        }
        ranges.append((tokenCount - size)..<tokenCount)
        self.ranges = ranges
    }

    /// How many windows cover each content token, `[tokenCount]`.
    public func coverage(tokenCount: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: tokenCount)
        for range in ranges { for i in range { counts[i] += 1 } }
        return counts
    }
}
