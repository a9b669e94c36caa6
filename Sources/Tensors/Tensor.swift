/// A dense, row-major array of `Float` with a shape.
///
/// `Tensor` is deliberately small: the engine's layers work on contiguous buffers through BLAS and
/// hand-written loops, and a tensor is the unit they pass around, store in caches and compare in tests.
/// Shapes are written in comments with a legend, e.g. `[T, C]` (T = tokens, C = channels, H = heads).
public struct Tensor: Sendable, Equatable {
    /// Extent of each dimension, outermost first, e.g. `[12, 128, 128]`.
    public private(set) var shape: [Int]
    /// The elements in row-major order; `scalars.count == shape.reduce(1, *)`.
    public var scalars: [Float]

    /// Creates a tensor from its elements.
    /// - Precondition: the element count equals the product of `shape` (a programmer error otherwise).
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        precondition(shape.reduce(1, *) == scalars.count, "shape \(shape) does not hold \(scalars.count) scalars")
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor of the given shape filled with `value` (zeros by default).
    public init(zeros shape: [Int], value: Float = 0) {
        self.init(shape: shape, scalars: [Float](repeating: value, count: shape.reduce(1, *)))
    }

    /// The number of elements.
    public var count: Int { scalars.count }

    /// The number of dimensions.
    public var rank: Int { shape.count }

    /// Reinterprets the elements under a new shape with the same element count.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, scalars: scalars)
    }

    /// The `index`-th slice along the first dimension, e.g. one head `[T, T]` of `[H, T, T]`.
    ///
    /// The only slice of a first dimension of 1 shares the storage (no copy until either side is mutated).
    public func slice(_ index: Int) -> Tensor {
        precondition(rank >= 1 && index >= 0 && index < shape[0], "slice \(index) out of \(shape)")
        let inner = Array(shape.dropFirst())
        if shape[0] == 1 { return Tensor(shape: inner, scalars: scalars) }
        let size = inner.reduce(1, *)
        return Tensor(shape: inner, scalars: Array(scalars[(index * size)..<((index + 1) * size)]))
    }

    /// Element access by a full multi-dimensional index.
    public subscript(_ index: Int...) -> Float {
        get { scalars[flatIndex(index)] }
        set { scalars[flatIndex(index)] = newValue }
    }

    private func flatIndex(_ index: [Int]) -> Int {
        precondition(index.count == shape.count, "index \(index) does not match shape \(shape)")
        var flat = 0
        for (i, extent) in zip(index, shape) {
            precondition(i >= 0 && i < extent, "index \(index) out of \(shape)")
            flat = flat * extent + i
        }
        return flat
    }
}

extension Tensor {
    /// The largest absolute element-wise difference to `other` (shapes must match).
    public func maxAbsoluteDifference(to other: Tensor) -> Float {
        precondition(shape == other.shape, "shape \(shape) vs \(other.shape)")
        var worst: Float = 0
        for (a, b) in zip(scalars, other.scalars) {
            let d = abs(a - b)
            if d > worst || d.isNaN { worst = d.isNaN ? .infinity : d }
        }
        return worst
    }
}

extension Tensor {
    /// Rows `indices` of a `[N, C]` tensor, as `[R, C]`.
    public func gatheringRows(_ indices: [Int]) -> Tensor {
        let c = shape[1]
        var out = [Float](repeating: 0, count: indices.count * c)
        for (r, index) in indices.enumerated() {
            for j in 0..<c { out[r * c + j] = scalars[index * c + j] }
        }
        return Tensor(shape: [indices.count, c], scalars: out)
    }

    /// This `[R, C]` tensor placed at rows `indices` of a zero `[count, C]` (the inverse of `gatheringRows`,
    /// used for gradients).
    public func scatteringRows(_ indices: [Int], count: Int) -> Tensor {
        let c = shape[1]
        var out = Tensor(zeros: [count, c])
        for (r, index) in indices.enumerated() {
            for j in 0..<c { out.scalars[index * c + j] = scalars[r * c + j] }
        }
        return out
    }
}

extension Array where Element == Float {
    /// `count` floats left unset, for a buffer the caller overwrites entirely before reading it (a BLAS product
    /// with beta = 0, a loop over every row): saves the zero fill, which for the engine's tens of megabytes of
    /// activations and gradients is a memory pass of its own.
    public init(overwrittenCount count: Int) {
        self.init(unsafeUninitializedCapacity: count) { $1 = count }
    }
}
