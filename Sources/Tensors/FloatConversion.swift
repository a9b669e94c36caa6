import CVectorKernels
import Foundation

/// Converts raw little-endian floating-point buffers of any supported width to `Float`.
///
/// Half and bfloat16 weights go through the F16C/AVX2 kernels of `CVectorKernels` on processors that have them
/// (``AcceleratedKernels/convertsWithF16C``), bit-identical to the portable Swift loops kept here, which run
/// elsewhere and when `DOSSIER_PORTABLE_KERNELS=1`.
enum FloatConversion {
    /// Which code converts half and bfloat16 buffers.
    enum Route: Sendable {
        /// The Swift loops below.
        case portable
        /// `vk_half_to_float_f16c` and `vk_bfloat16_to_float_avx2`.
        case f16c
    }

    /// The route `convert` takes unless told otherwise.
    static let route: Route = AcceleratedKernels.convertsWithF16C ? .f16c : .portable

    /// Converts `raw` (elements of `dtype`) into `out`, which holds exactly the element count.
    /// - Returns: whether every converted value is finite (a float64 beyond `Float`'s range counts as infinite).
    @discardableResult
    static func convert(
        _ raw: UnsafeRawBufferPointer, dtype: DType, into out: UnsafeMutableBufferPointer<Float>, route: Route = route
    ) -> Bool {
        let count = out.count
        switch dtype {
        case .float32:
            if count > 0, let source = raw.baseAddress, let target = out.baseAddress {
                memcpy(target, source, count * 4)
            }
            return out.allSatisfy(\.isFinite)
        case .float16:
            if route == .f16c, count > 0, let source = raw.baseAddress, let target = out.baseAddress {
                return vk_half_to_float_f16c(source, target, count) != 0
            }
            var finite = true
            for i in 0..<count {
                let bits = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                if bits & 0x7C00 == 0x7C00 { finite = false }
                out[i] = halfToFloat(bits)
            }
            return finite
        case .bfloat16:
            if route == .f16c, count > 0, let source = raw.baseAddress, let target = out.baseAddress {
                return vk_bfloat16_to_float_avx2(source, target, count) != 0
            }
            var finite = true
            for i in 0..<count {
                let bits = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                if bits & 0x7F80 == 0x7F80 { finite = false }
                out[i] = Float(bitPattern: UInt32(bits) << 16)
            }
            return finite
        case .float64:
            var finite = true
            for i in 0..<count {
                let value = Float(
                    Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))))
                finite = finite && value.isFinite
                out[i] = value
            }
            return finite
        default:
            preconditionFailure("\(dtype) is not floating point")
        }
    }

    /// IEEE 754 binary16 → binary32, exact for every value including subnormals, infinities and NaN.
    static func halfToFloat(_ h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = Int((h >> 10) & 0x1F)
        let mantissa = UInt32(h & 0x3FF)
        if exponent == 0 {
            // Zero or subnormal: mantissa × 2^-24.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        }
        if exponent == 0x1F {
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        }
        return Float(bitPattern: sign | (UInt32(exponent + 112) << 23) | (mantissa << 13))
    }

    /// binary32 → binary16 with round-to-nearest-even (used when writing F16 checkpoints).
    static func floatToHalf(_ f: Float) -> UInt16 {
        let bits = f.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        let exponent = Int((bits >> 23) & 0xFF)
        var mantissa = bits & 0x7F_FFFF
        if exponent == 0xFF {  // Inf or NaN
            return sign | 0x7C00 | (mantissa != 0 ? 0x200 : 0)
        }
        let halfExponent = exponent - 127 + 15
        if halfExponent >= 0x1F { return sign | 0x7C00 }  // overflow → Inf
        if halfExponent <= 0 {
            // Subnormal half (or zero): shift the implicit-1 mantissa right.
            if halfExponent < -10 { return sign }
            mantissa |= 0x80_0000
            let shift = UInt32(14 - halfExponent)
            let halfMantissa = mantissa >> shift
            let remainder = mantissa & ((1 << shift) - 1)
            let halfway = UInt32(1) << (shift - 1)
            var result = UInt16(halfMantissa)
            if remainder > halfway || (remainder == halfway && (halfMantissa & 1) == 1) { result += 1 }
            return sign | result
        }
        var result = UInt16(halfExponent << 10) | UInt16(mantissa >> 13)
        let remainder = mantissa & 0x1FFF
        // Rounding may carry into the exponent, which is the correct result.
        if remainder > 0x1000 || (remainder == 0x1000 && (result & 1) == 1) { result += 1 }
        return sign | result
    }
}
