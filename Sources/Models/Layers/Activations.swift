import Foundation
import Tensors

/// Element-wise activations with their derivatives, applied in place on contiguous buffers.
extension Activation {
    /// Applies the activation to every element. GELU runs the AVX-512 kernel where the processor has it
    /// (`AcceleratedKernels`); `portable` forces the Swift code, the reference the kernel is tested against.
    func apply(_ values: inout [Float], portable: Bool = false) {
        switch self {
        case .gelu:
            // x · Φ(x) = 0.5 · x · (1 + erf(x / √2))  (transformers' GELUActivation)
            values.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                Parallel.chunks(buffer.count) { range in
                    if AcceleratedKernels.isAvailable && !portable {
                        AcceleratedKernels.gelu(base + range.lowerBound, slopes: nil, count: range.count)
                        return
                    }
                    VectorMath.transform(base + range.lowerBound, count: range.count) { x in
                        x * Self.gaussianCDF(x, gaussian: VectorMath.expOfNonPositive(-0.5 * x * x))
                    }
                }
            }
        case .geluTanh:
            // 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 x³)))  (NewGELUActivation)
            let k = Float((2 / Double.pi).squareRoot())
            for i in values.indices {
                let x = values[i]
                values[i] = 0.5 * x * (1 + tanh(k * (x + 0.044715 * x * x * x)))
            }
        case .relu:
            for i in values.indices where values[i] < 0 { values[i] = 0 }
        }
    }

    /// Φ(x) = 0.5 · (1 + erf(x / √2)) given `gaussian` = e^(−x²/2). Absolute error ≤ 3e-7: erf's large relative
    /// error near zero (`VectorMath.erfAbsolute`) is harmless once added to 1, so no series is needed.
    @inline(__always)
    static func gaussianCDF(_ x: VectorMath.Vector, gaussian: VectorMath.Vector) -> VectorMath.Vector {
        0.5 * (1 + VectorMath.erfAbsolute(x * 0.707_106_781, expOfMinusSquare: gaussian))
    }

    /// Applies the activation in place and returns its derivative at the original values, in one pass for GELU
    /// (the derivative shares `erf` and the Gaussian density with the value); used when a backward pass follows.
    /// `portable` as in `apply`.
    func applyKeepingSlopes(_ values: inout [Float], portable: Bool = false) -> [Float] {
        guard self == .gelu else {
            let slopes = derivative(values)
            apply(&values)
            return slopes
        }
        let invSqrt2Pi = Float(1 / (2 * Double.pi).squareRoot())
        let count = values.count
        var slopes = [Float](overwrittenCount: count)  // every element written below
        values.withUnsafeMutableBufferPointer { xs in
            slopes.withUnsafeMutableBufferPointer { out in
                guard let xs = xs.baseAddress, let out = out.baseAddress else { return }
                Parallel.chunks(count) { range in
                    if AcceleratedKernels.isAvailable && !portable {
                        AcceleratedKernels.gelu(
                            xs + range.lowerBound, slopes: out + range.lowerBound, count: range.count)
                        return
                    }
                    var i = range.lowerBound
                    while i < range.upperBound {
                        let x = VectorMath.load(xs, i, count: range.upperBound, padding: 0)
                        let e = VectorMath.expOfNonPositive(-0.5 * x * x)
                        let phi = Self.gaussianCDF(x, gaussian: e)  // Φ(x)
                        let slope = phi + x * invSqrt2Pi * e  // Φ(x) + x φ(x)
                        let value = x * phi  // x Φ(x)
                        if i + 8 <= range.upperBound {
                            VectorMath.store(slope, out, i)
                            VectorMath.store(value, xs, i)
                        } else {
                            for lane in 0..<(range.upperBound - i) {
                                out[i + lane] = slope[lane]
                                xs[i + lane] = value[lane]
                            }
                        }
                        i += 8
                    }
                }
            }
        }
        return slopes
    }

    /// The derivative d activation(x) / dx at each element of `inputs` (the pre-activation values).
    func derivative(_ inputs: [Float]) -> [Float] {
        switch self {
        case .gelu:
            // d/dx [x Φ(x)] = Φ(x) + x φ(x), from the one-pass kernel (the values it also forms are dropped).
            var values = inputs
            return applyKeepingSlopes(&values)
        case .geluTanh:
            let k = Float((2 / Double.pi).squareRoot())
            return inputs.map { x in
                let u = k * (x + 0.044715 * x * x * x)
                let t = tanh(u)
                return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * k * (1 + 3 * 0.044715 * x * x)
            }
        case .relu:
            return inputs.map { $0 > 0 ? 1 : 0 }
        }
    }
}
