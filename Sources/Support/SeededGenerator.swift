import Foundation

/// The project's one seeded, platform-independent pseudo-random generator (SeededGenerator): the corpus, weight
/// initialisation, dropout masks, data splits and shuffling all draw from it.
///
/// Corpora, splits and training runs must be identical on every machine and every Swift release, so the
/// draws never defer to the standard library's sampling algorithms (`Int.random(in:using:)`,
/// `shuffled(using:)`), whose implementations may change between releases; every draw is defined by the code
/// below. The core step is Steele, Lea & Flood's SeededGenerator (the seeding generator of
/// `java.util.SplittableRandom`).
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable {
    /// The generator's whole state: a 64-bit counter advanced by the golden-ratio increment.
    private var state: UInt64

    /// Creates a generator whose sequence is fully determined by `seed`.
    ///
    /// - Parameter seed: Any 64-bit value; `0` is fine.
    public init(seed: UInt64) {
        state = seed
    }

    /// Returns the next 64 pseudo-random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Returns an independent generator for a named sub-stream, leaving `self` untouched.
    ///
    /// Documents draw their facts, wording, protected attributes and typos from separate streams, so
    /// switching on the biased mode or typos never shifts the facts a seed produces.
    ///
    /// - Parameters:
    ///   - stream: A small constant naming the sub-stream.
    ///   - index: The document index, so every document has its own streams.
    /// - Returns: A generator seeded by mixing the current state with `stream` and `index`.
    public func derived(stream: UInt64, index: UInt64 = 0) -> SeededGenerator {
        var mixer = SeededGenerator(seed: state ^ (stream &* 0xD1B5_4A32_D192_ED03) ^ (index &* 0x8CB9_2BA7_2F3D_8DD7))
        return SeededGenerator(seed: mixer.next())
    }

    /// Returns a uniformly distributed integer in `0..<bound` (rejection sampling, no modulo bias).
    ///
    /// - Parameter bound: The exclusive upper bound; must be positive.
    public mutating func next(below bound: Int) -> Int {
        precondition(bound > 0, "SeededGenerator.next(below:) needs a positive bound")
        let limit = UInt64(bound)
        let threshold = (0 &- limit) % limit
        while true {
            let value = next()
            if value >= threshold {
                return Int(value % limit)
            }
        }
    }

    /// Returns a uniformly distributed integer in `range`.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + next(below: range.upperBound - range.lowerBound + 1)
    }

    /// Returns a uniformly distributed `Double` in `[0, 1)` built from the top 53 bits of one draw.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Returns `true` with probability `probability`.
    public mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    /// Returns one element of a non-empty array, uniformly.
    public mutating func pick<Element>(_ items: [Element]) -> Element {
        precondition(!items.isEmpty, "SeededGenerator.pick needs a non-empty array")
        return items[next(below: items.count)]
    }

    /// Returns the elements of `items` in a uniformly random order (Fisher–Yates, drawn from the end).
    public mutating func shuffled<Element>(_ items: [Element]) -> [Element] {
        var result = items
        var index = result.count - 1
        while index > 0 {
            let other = next(below: index + 1)
            result.swapAt(index, other)
            index -= 1
        }
        return result
    }

    /// Returns `count` distinct elements of `items` in random order (all of them if `count` is larger).
    public mutating func sample<Element>(_ items: [Element], count: Int) -> [Element] {
        Array(shuffled(items).prefix(max(0, count)))
    }

    /// A uniform deviate in [0, 1) with 24 bits of precision.
    public mutating func nextUniform() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A standard normal deviate (Box–Muller).
    public mutating func nextNormal() -> Float {
        let u1 = max(Double(next() >> 11) * 0x1p-53, Double.leastNonzeroMagnitude)
        let u2 = Double(next() >> 11) * 0x1p-53
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }
}
