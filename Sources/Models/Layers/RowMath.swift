import Tensors

/// Eight-lane loops over one row of floats, shared by layer normalisation and the residual additions.
enum RowMath {
    typealias Vector = VectorMath.Vector

    /// Σ (row[j] − mean)² over `count` floats.
    @inline(__always)
    static func sumOfSquaredDeviations(_ row: UnsafePointer<Float>, _ count: Int, from mean: Float) -> Float {
        var sums = Vector.zero
        var j = 0
        while j < count {
            let d = VectorMath.load(row, j, count: count, padding: mean) - mean
            sums += d * d
            j += 8
        }
        return sums.sum()
    }

    /// `out[j] = (row[j] − mean) · scale · weight[j] + bias[j]`, also writing the normalised value when asked.
    @inline(__always)
    static func normalize(
        _ row: UnsafePointer<Float>, _ count: Int, mean: Float, scale: Float, weight: UnsafePointer<Float>,
        bias: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, normalized: UnsafeMutablePointer<Float>?
    ) {
        var j = 0
        while j + 8 <= count {
            let n = (VectorMath.load(row, j) - mean) * scale
            VectorMath.store(n * VectorMath.load(weight, j) + VectorMath.load(bias, j), out, j)
            if let normalized { VectorMath.store(n, normalized, j) }
            j += 8
        }
        while j < count {
            let n = (row[j] - mean) * scale
            out[j] = n * weight[j] + bias[j]
            normalized?[j] = n
            j += 1
        }
    }

    /// Layer-norm input gradient of one row: `dx = rstd · (d − mean(d) − x̂ · mean(d ⊙ x̂))`, `d = dy ⊙ γ`.
    @inline(__always)
    static func normBackward(
        _ dy: UnsafePointer<Float>, _ xhat: UnsafePointer<Float>, _ weight: UnsafePointer<Float>, _ count: Int,
        rstd: Float, into dx: UnsafeMutablePointer<Float>
    ) {
        var sumD = Vector.zero
        var sumDX = Vector.zero
        var j = 0
        while j < count {
            let d =
                VectorMath.load(dy, j, count: count, padding: 0) * VectorMath.load(weight, j, count: count, padding: 0)
            sumD += d
            sumDX += d * VectorMath.load(xhat, j, count: count, padding: 0)
            j += 8
        }
        let meanD = sumD.sum() / Float(count)
        let meanDX = sumDX.sum() / Float(count)
        j = 0
        while j + 8 <= count {
            let d = VectorMath.load(dy, j) * VectorMath.load(weight, j)
            VectorMath.store(rstd * (d - meanD - VectorMath.load(xhat, j) * meanDX), dx, j)
            j += 8
        }
        while j < count {
            dx[j] = rstd * (dy[j] * weight[j] - meanD - xhat[j] * meanDX)
            j += 1
        }
    }

    /// `target[i] += a[i] · b[i]` for `count` floats.
    @inline(__always)
    static func addProduct(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>, count: Int
    ) {
        var i = 0
        while i + 8 <= count {
            VectorMath.store(
                VectorMath.load(target, i) + VectorMath.load(a, i) * VectorMath.load(b, i), target, i)
            i += 8
        }
        while i < count {
            target[i] += a[i] * b[i]
            i += 1
        }
    }

    /// `target[i] += addend[i]` for `count` floats.
    @inline(__always)
    static func add(_ addend: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            VectorMath.store(VectorMath.load(target, i) + VectorMath.load(addend, i), target, i)
            i += 8
        }
        while i < count {
            target[i] += addend[i]
            i += 1
        }
    }
}

extension Tensor {
    /// `self += other`, element-wise, for tensors of the same size.
    mutating func add(_ other: Tensor) {
        precondition(count == other.count, "adding \(other.shape) to \(shape)")
        guard count > 0 else { return }
        scalars.withUnsafeMutableBufferPointer { target in
            other.scalars.withUnsafeBufferPointer { addend in
                RowMath.add(addend.baseAddress!, to: target.baseAddress!, count: target.count)
            }
        }
    }

    /// `self[i] *= factors[i]`, element-wise.
    mutating func multiply(_ factors: [Float]) {
        precondition(count == factors.count, "multiplying \(shape) by \(factors.count) factors")
        let count = count
        guard count > 0 else { return }
        scalars.withUnsafeMutableBufferPointer { target in
            factors.withUnsafeBufferPointer { factors in
                let (target, factors) = (target.baseAddress!, factors.baseAddress!)
                var i = 0
                while i + 8 <= count {
                    VectorMath.store(VectorMath.load(target, i) * VectorMath.load(factors, i), target, i)
                    i += 8
                }
                while i < count {
                    target[i] *= factors[i]
                    i += 1
                }
            }
        }
    }
}
