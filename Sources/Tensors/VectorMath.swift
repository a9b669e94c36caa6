/// Eight-lane single-precision `exp`, `log` and `erf`, for the engine's element-wise loops (softmax, GELU,
/// attention entropy), where the scalar C library calls dominated the run time.
///
/// Pure Swift `SIMD8<Float>` arithmetic: it compiles to whatever vector unit the build targets (two SSE
/// registers on baseline x86-64) and uses no fused multiply-add, so results do not depend on the CPU.
/// Accuracy, checked in `VectorMathTests` against the C library over dense grids:
/// - `exp`: relative error ≤ 2e-7 on [−87, 88]; 0 below −87.34; +∞ above 88.72.
/// - `log`: absolute error ≤ 2e-7 on [0.5, 2], relative ≤ 2e-7 elsewhere, for positive normal inputs.
/// - `expOfNonPositive`: `exp` for x ≤ 0 without the overflow handling (equal to it there).
/// - `erf`: absolute error ≤ 2.5e-7 everywhere (Maclaurin series below 0.8, Abramowitz & Stegun 7.1.26 above);
///   `erfAbsolute`, the latter alone, ≤ 6e-7 absolute (for GELU, where erf is added to 1).
public enum VectorMath {
    public typealias Vector = SIMD8<Float>

    /// eˣ per lane.
    @inlinable @inline(__always)
    public static func exp(_ x: Vector) -> Vector {
        var clamped = maximum(x, Vector(repeating: -87.336_54))
        clamped.replace(with: 88.37, where: clamped .> 88.37)
        var result = exponential(ofClamped: clamped)
        result.replace(with: 0, where: x .< -87.336_54)
        result.replace(with: .infinity, where: x .> 88.722_83)
        return result
    }

    /// eˣ per lane for x ≤ 0 (and −∞), as a softmax needs after subtracting the row maximum: `exp` without the
    /// overflow handling, equal to it there.
    @inlinable @inline(__always)
    public static func expOfNonPositive(_ x: Vector) -> Vector {
        exponential(ofClamped: maximum(x, Vector(repeating: -87.336_54)))
            .replacing(with: 0, where: x .< -87.336_54)
    }

    /// eˣ for x in [−87.34, 88.37]: x = n·ln 2 + r with |r| ≤ ln 2 / 2, e^r by the Cephes polynomial, times 2ⁿ.
    @inlinable @inline(__always)
    static func exponential(ofClamped x: Vector) -> Vector {
        // 1.5 · 2²³: adding and subtracting it rounds a float of magnitude < 2²² to the nearest integer.
        let roundingMagic = Vector(repeating: 12_582_912)
        // ln 2 split in two parts so that n·ln2High is exact.
        let shifted = x * 1.442_695_04 + roundingMagic
        let n = shifted - roundingMagic
        let r = x - n * 0.693_359_375 - n * -2.121_944_4e-4
        // Cephes expf: e^r ≈ 1 + r + r²·P(r).
        var p = Vector(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_59e-2
        p = p * r + 1.666_666_55e-1
        p = p * r + 5.000_000_12e-1
        let er = p * (r * r) + r + 1
        // 2ⁿ from the integer n held in the low mantissa bits of `shifted`.
        let bits = (unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000 &+ 127) &<< 23
        return er * unsafeBitCast(bits, to: Vector.self)
    }

    /// Natural logarithm per lane, for positive normal inputs (callers mask zeros themselves).
    @inlinable @inline(__always)
    public static func log(_ x: Vector) -> Vector {
        let bits = unsafeBitCast(x, to: SIMD8<Int32>.self)
        // x = m · 2ᵉ with m in [0.5, 1).
        var e = Vector(((bits &>> 23) & 0xFF) &- 126)
        var m = unsafeBitCast((bits & 0x007F_FFFF) | 0x3F00_0000, to: Vector.self)
        // Keep m in [√½, √2): below √½ take 2m and e − 1.
        let small = m .< 0.707_106_77
        e.replace(with: e - 1, where: small)
        m.replace(with: m + m, where: small)
        m -= 1
        // Cephes logf: log(1 + m) ≈ m − m²/2 + m³·P(m).
        let z = m * m
        var p = Vector(repeating: 7.037_683_6e-2)
        p = p * m - 1.151_461_03e-1
        p = p * m + 1.167_699_87e-1
        p = p * m - 1.242_014_08e-1
        p = p * m + 1.424_932_28e-1
        p = p * m - 1.666_805_77e-1
        p = p * m + 2.000_071_48e-1
        p = p * m - 2.499_999_4e-1
        p = p * m + 3.333_333_12e-1
        var y = p * m * z
        y += e * -2.121_944_4e-4
        y -= 0.5 * z
        return m + y + e * 0.693_359_375
    }

    /// The error function per lane: for |x| ≥ 0.8, erf(x) = 1 − t·P(t)·e^(−x²) with t = 1 / (1 + 0.3275911·|x|)
    /// and the sign restored; below, its Maclaurin series.
    @inlinable @inline(__always)
    public static func erf(_ x: Vector) -> Vector {
        erf(x, expOfMinusSquare: expOfNonPositive(-(x * x)))
    }

    /// `erf(x)` when the caller already has e^(−x²) (the GELU derivative shares it with the density).
    @inlinable @inline(__always)
    public static func erf(_ x: Vector, expOfMinusSquare: Vector) -> Vector {
        let y = erfAbsolute(x, expOfMinusSquare: expOfMinusSquare)
        // Near zero the subtraction in `erfAbsolute` cancels: use the Maclaurin series up to x¹⁷ for |x| < 0.8.
        let z = x * x
        var s = Vector(repeating: 1.0 / 685_440)
        s = s * z - 1.0 / 75600
        s = s * z + 1.0 / 9360
        s = s * z - 1.0 / 1320
        s = s * z + 1.0 / 216
        s = s * z - 1.0 / 42
        s = s * z + 1.0 / 10
        s = s * z - 1.0 / 3
        s = s * z + 1
        return y.replacing(with: 1.128_379_167 * x * s, where: x .< 0.8 .& x .> -0.8)
    }

    /// erf(x) = ±(1 − t·P(t)·e^(−x²)), t = 1 / (1 + 0.3275911·|x|) (Abramowitz & Stegun 7.1.26) alone: absolute
    /// error ≤ 6e-7 everywhere (5.0e-7 measured in single precision), but near zero the relative error is large (the result is a difference of numbers
    /// close to 1). Enough where erf is added to 1, as in the Gaussian CDF of GELU; `erf` adds a series near 0.
    @inlinable @inline(__always)
    public static func erfAbsolute(_ x: Vector, expOfMinusSquare: Vector) -> Vector {
        let magnitude = x.replacing(with: -x, where: x .< 0)
        let t = 1 / (1 + 0.327_591_1 * magnitude)
        var p = Vector(repeating: 1.061_405_429)
        p = p * t - 1.453_152_027
        p = p * t + 1.421_413_741
        p = p * t - 0.284_496_736
        p = p * t + 0.254_829_592
        let y = 1 - p * t * expOfMinusSquare
        return y.replacing(with: -y, where: x .< 0)
    }

    /// Σ `values[i]` over `count` floats.
    @inlinable @inline(__always)
    public static func sum(_ values: UnsafePointer<Float>, count: Int) -> Float {
        var sums = Vector.zero
        var i = 0
        while i < count {
            sums += load(values, i, count: count, padding: 0)
            i += 8
        }
        return sums.sum()
    }

    /// Σ `a[i] · b[i]` over `count` floats.
    @inlinable @inline(__always)
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var sums = Vector.zero
        var i = 0
        while i < count {
            sums += load(a, i, count: count, padding: 0) * load(b, i, count: count, padding: 0)
            i += 8
        }
        return sums.sum()
    }

    /// Applies `body` to `count` floats at `base` in place, eight at a time; the tail is padded with `padding`.
    @inlinable @inline(__always)
    public static func transform(
        _ base: UnsafeMutablePointer<Float>, count: Int, padding: Float = 0, _ body: (Vector) -> Vector
    ) {
        var i = 0
        while i + 8 <= count {
            let raw = UnsafeMutableRawPointer(base + i)
            raw.storeBytes(of: body(raw.loadUnaligned(as: Vector.self)), as: Vector.self)
            i += 8
        }
        guard i < count else { return }
        var tail = Vector(repeating: padding)
        for lane in 0..<(count - i) { tail[lane] = base[i + lane] }
        let result = body(tail)
        for lane in 0..<(count - i) { base[i + lane] = result[lane] }
    }

    /// Lane-wise maximum (the standard library's generic `pointwiseMax` is not always inlined).
    @inlinable @inline(__always)
    public static func maximum(_ a: Vector, _ b: Vector) -> Vector {
        a.replacing(with: b, where: a .< b)
    }

    /// Loads eight floats from `base + offset` (no alignment needed).
    @inlinable @inline(__always)
    public static func load(_ base: UnsafePointer<Float>, _ offset: Int) -> Vector {
        UnsafeRawPointer(base + offset).loadUnaligned(as: Vector.self)
    }

    /// Stores eight floats at `base + offset` (no alignment needed).
    @inlinable @inline(__always)
    public static func store(_ value: Vector, _ base: UnsafeMutablePointer<Float>, _ offset: Int) {
        UnsafeMutableRawPointer(base + offset).storeBytes(of: value, as: Vector.self)
    }

    /// Loads up to eight floats from `base + offset`, lanes at or past `count` set to `padding`.
    @inlinable @inline(__always)
    public static func load(_ base: UnsafePointer<Float>, _ offset: Int, count: Int, padding: Float) -> Vector {
        if offset + 8 <= count { return load(base, offset) }
        var v = Vector(repeating: padding)
        for lane in 0..<max(0, count - offset) { v[lane] = base[offset + lane] }
        return v
    }
}
