import Foundation
import XCTest

@testable import Tensors

/// The F16C/AVX2 conversion kernels against the portable Swift loops: every half and bfloat16 bit pattern, NaN
/// payloads and signalling NaNs included, and the finiteness flag both report.
final class FloatConversionTests: XCTestCase {
    /// Every 16-bit pattern once, little-endian, starting one byte into the buffer (weights in a mapped file need
    /// not be aligned).
    private func everyPattern(_ body: (UnsafeRawBufferPointer) -> Void) {
        var bytes = [UInt8](repeating: 0, count: 1 + 2 * 65536)
        for pattern in 0..<65536 {
            bytes[1 + 2 * pattern] = UInt8(pattern & 0xFF)
            bytes[2 + 2 * pattern] = UInt8(pattern >> 8)
        }
        bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[1...])) }
    }

    private var routes: [FloatConversion.Route] {
        AcceleratedKernels.processorHasF16C ? [.portable, .f16c] : [.portable]
    }

    private func convert(_ raw: UnsafeRawBufferPointer, _ dtype: DType, route: FloatConversion.Route) -> (
        values: [UInt32], isFinite: Bool
    ) {
        var isFinite = true
        let values = [Float](unsafeUninitializedCapacity: raw.count / 2) { buffer, initialized in
            isFinite = FloatConversion.convert(raw, dtype: dtype, into: buffer, route: route)
            initialized = raw.count / 2
        }
        return (values.map(\.bitPattern), isFinite)
    }

    func testEveryHalfPatternConvertsBitIdenticallyOnBothRoutes() {
        everyPattern { raw in
            for route in routes {
                let (values, isFinite) = convert(raw, .float16, route: route)
                XCTAssertFalse(isFinite, "\(route)")
                for pattern in 0..<65536 {
                    let expected = FloatConversion.halfToFloat(UInt16(pattern)).bitPattern
                    guard values[pattern] == expected else {
                        return XCTFail(
                            "\(route): half 0x\(String(pattern, radix: 16)) → 0x\(String(values[pattern], radix: 16)), expected 0x\(String(expected, radix: 16))"
                        )
                    }
                }
            }
        }
        // A signalling NaN keeps its payload and stays signalling (vcvtph2ps alone would quiet it).
        XCTAssertEqual(FloatConversion.halfToFloat(0x7C01).bitPattern, 0x7F80_2000)
        XCTAssertEqual(FloatConversion.halfToFloat(0xFD55).bitPattern, 0xFFAA_A000)
    }

    func testEveryBFloat16PatternConvertsBitIdenticallyOnBothRoutes() {
        everyPattern { raw in
            for route in routes {
                let (values, isFinite) = convert(raw, .bfloat16, route: route)
                XCTAssertFalse(isFinite, "\(route)")
                for pattern in 0..<65536 where values[pattern] != UInt32(pattern) << 16 {
                    return XCTFail(
                        "\(route): bfloat16 0x\(String(pattern, radix: 16)) → 0x\(String(values[pattern], radix: 16))")
                }
            }
        }
    }

    /// Each pattern alone among finite values, in a whole block of sixteen or in the tail after it: the flag is
    /// false exactly for infinities and NaNs.
    func testFinitenessFlagForEveryPattern() {
        for (dtype, filler, exponentMask) in [
            (DType.float16, UInt16(0x3C00), UInt16(0x7C00)), (.bfloat16, 0x3F80, 0x7F80),
        ] {
            var halves = [UInt16](repeating: filler, count: 21)
            for route in routes {
                XCTAssertTrue(halves.withUnsafeBytes { convert($0, dtype, route: route).isFinite })
                for pattern in 0..<65536 {
                    let position = pattern % halves.count
                    halves[position] = UInt16(pattern).littleEndian
                    let isFinite = halves.withUnsafeBytes { convert($0, dtype, route: route).isFinite }
                    halves[position] = filler
                    guard isFinite == (UInt16(pattern) & exponentMask != exponentMask) else {
                        return XCTFail(
                            "\(dtype) \(route): pattern 0x\(String(pattern, radix: 16)) at \(position) reported finite: \(isFinite)"
                        )
                    }
                }
            }
        }
    }

    func testFloat32AndFloat64ReportNonFiniteValues() {
        for (values, finite) in [([Float(1), -2, 0], true), ([1, .nan, 0], false), ([.infinity], false)] {
            values.withUnsafeBytes { raw in
                var out = [Float](repeating: 0, count: values.count)
                let isFinite = out.withUnsafeMutableBufferPointer {
                    FloatConversion.convert(raw, dtype: .float32, into: $0)
                }
                XCTAssertEqual(isFinite, finite)
                XCTAssertEqual(out.map(\.bitPattern), values.map(\.bitPattern))
            }
        }
        // A double beyond Float's range converts to infinity, which is not finite.
        for (values, finite) in [([Double(1), 1e30], true), ([1, 1e300], false), ([.nan], false)] {
            values.withUnsafeBytes { raw in
                var out = [Float](repeating: 0, count: values.count)
                XCTAssertEqual(
                    out.withUnsafeMutableBufferPointer { FloatConversion.convert(raw, dtype: .float64, into: $0) },
                    finite)
            }
        }
    }

    /// `DOSSIER_PORTABLE_KERNELS=1` sends conversions down the Swift loops; run the suite with it set to check the
    /// process's own route.
    func testPortableRouteWhenForced() {
        XCTAssertTrue(AcceleratedKernels.portableRequested(in: ["DOSSIER_PORTABLE_KERNELS": "1"]))
        XCTAssertFalse(AcceleratedKernels.portableRequested(in: ["DOSSIER_PORTABLE_KERNELS": "0"]))
        XCTAssertFalse(AcceleratedKernels.portableRequested(in: [:]))
        let forced = ProcessInfo.processInfo.environment["DOSSIER_PORTABLE_KERNELS"] == "1"
        XCTAssertEqual(AcceleratedKernels.portableRequested, forced)
        if forced || !AcceleratedKernels.processorHasF16C {
            XCTAssertEqual(FloatConversion.route, .portable)
            XCTAssertFalse(AcceleratedKernels.convertsWithF16C)
        } else {
            XCTAssertEqual(FloatConversion.route, .f16c)
            XCTAssertTrue(AcceleratedKernels.convertsWithF16C)
        }
    }
}
