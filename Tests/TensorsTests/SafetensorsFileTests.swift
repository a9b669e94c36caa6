import Foundation
import XCTest

@testable import Tensors

/// Reading valid files and rejecting every kind of malformed one with an error that names the file.
final class SafetensorsFileTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("safetensors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Writes a file from a raw header string and data bytes.
    private func file(_ name: String, header: String, data: [UInt8], declaredLength: UInt64? = nil) throws -> String {
        var bytes = Data()
        let headerBytes = Data(header.utf8)
        withUnsafeBytes(of: (declaredLength ?? UInt64(headerBytes.count)).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(headerBytes)
        bytes.append(contentsOf: data)
        let url = directory.appendingPathComponent(name)
        try bytes.write(to: url)
        return url.path
    }

    private func expectError(
        _ path: String, _ check: (TensorsError) -> Bool, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try SafetensorsFile(path: path), file: file, line: line) { error in
            guard let error = error as? TensorsError else {
                return XCTFail("not a TensorsError: \(error)", file: file, line: line)
            }
            XCTAssertTrue(check(error), "unexpected error: \(error)", file: file, line: line)
            XCTAssertTrue(
                error.description.contains(path), "message does not name the file: \(error)", file: file, line: line)
        }
    }

    func testWriterRoundTripsFloat32Float16AndIntegers() throws {
        var writer = SafetensorsWriter()
        writer.add("b.weight", Tensor(shape: [2, 3], scalars: [1, -2, 0.5, 3.25, 0, -0.125]))
        writer.add("a.bias", Tensor(shape: [1], scalars: [7]))
        writer.addIntegers("embeddings.position_ids", shape: [1, 4], values: [0, 1, 2, 3])
        let url = directory.appendingPathComponent("round.safetensors")
        try writer.write(to: url)
        let read = try SafetensorsFile(path: url.path)
        XCTAssertEqual(read.names, ["a.bias", "b.weight", "embeddings.position_ids"])
        XCTAssertEqual(try read.tensor("b.weight"), Tensor(shape: [2, 3], scalars: [1, -2, 0.5, 3.25, 0, -0.125]))
        XCTAssertEqual(try read.integers("embeddings.position_ids").values, [0, 1, 2, 3])
        XCTAssertEqual(read.metadata["format"], "pt")

        let half = directory.appendingPathComponent("half.safetensors")
        try writer.write(to: half, precision: .float16)
        let readHalf = try SafetensorsFile(path: half.path)
        XCTAssertEqual(try readHalf.entry("b.weight").dtype, .float16)
        XCTAssertEqual(try readHalf.tensor("b.weight").scalars, [1, -2, 0.5, 3.25, 0, -0.125])
    }

    func testReadsBFloat16() throws {
        // 1.0 = 0x3F80, -2.5 = 0xC020 in bfloat16, little-endian.
        let path = try file(
            "bf16.safetensors", header: #"{"x":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}}"#,
            data: [0x80, 0x3F, 0x20, 0xC0])
        XCTAssertEqual(try SafetensorsFile(path: path).tensor("x").scalars, [1.0, -2.5])
    }

    func testHalfConversionKnownValuesAndExhaustiveRoundTrip() {
        XCTAssertEqual(FloatConversion.halfToFloat(0x3C00), 1)
        XCTAssertEqual(FloatConversion.halfToFloat(0xC000), -2)
        XCTAssertEqual(FloatConversion.halfToFloat(0x7BFF), 65504)
        XCTAssertEqual(FloatConversion.halfToFloat(0x0001), 0x1p-24)
        XCTAssertEqual(FloatConversion.halfToFloat(0x7C00), .infinity)
        XCTAssertTrue(FloatConversion.halfToFloat(0x7E00).isNaN)
        for bits in 0...UInt16.max {
            let value = FloatConversion.halfToFloat(bits)
            if value.isNaN { continue }
            XCTAssertEqual(
                FloatConversion.floatToHalf(value), bits, "half 0x\(String(bits, radix: 16)) does not round-trip")
        }
        // Round to nearest even: 1 + 2^-11 lies halfway between 1 and the next half, and rounds down to 1.
        XCTAssertEqual(FloatConversion.floatToHalf(1 + 0x1p-11), 0x3C00)
        XCTAssertEqual(FloatConversion.floatToHalf(1e6), 0x7C00)
    }

    func testFileShorterThanHeaderLengthPrefix() throws {
        let url = directory.appendingPathComponent("short.safetensors")
        try Data([1, 2, 3]).write(to: url)
        expectError(url.path) { if case .tooSmall = $0 { true } else { false } }
    }

    func testHeaderLengthLargerThanFile() throws {
        let path = try file("long.safetensors", header: "{}", data: [], declaredLength: 1 << 40)
        expectError(path) { if case .headerLengthOutOfRange = $0 { true } else { false } }
    }

    func testTruncatedDataSection() throws {
        let path = try file(
            "truncated.safetensors", header: #"{"x":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#,
            data: [UInt8](repeating: 0, count: 10))
        expectError(path) { if case .rangeOutOfBounds(_, "x", _, 10) = $0 { true } else { false } }
    }

    func testBadJSON() throws {
        let path = try file("bad.safetensors", header: #"{"x": {"dtype": "F32", "#, data: [])
        expectError(path) { if case .invalidHeader = $0 { true } else { false } }
        let notObject = try file("array.safetensors", header: "[1, 2]", data: [])
        expectError(notObject) { if case .invalidHeader = $0 { true } else { false } }
    }

    func testUnknownDType() throws {
        let path = try file(
            "dtype.safetensors", header: #"{"x":{"dtype":"F8_Q","shape":[1],"data_offsets":[0,1]}}"#, data: [0])
        expectError(path) { if case .unknownDType(_, "x", "F8_Q") = $0 { true } else { false } }
    }

    func testShapeAndByteCountDisagree() throws {
        let path = try file(
            "mismatch.safetensors", header: #"{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#,
            data: [UInt8](repeating: 0, count: 8))
        expectError(path) { if case .byteCountMismatch(_, "x", [3], .float32, 12, 8) = $0 { true } else { false } }
    }

    func testOverlappingRanges() throws {
        let header =
            #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
        let path = try file("overlap.safetensors", header: header, data: [UInt8](repeating: 0, count: 12))
        expectError(path) { if case .overlappingRanges(_, "b", "a") = $0 { true } else { false } }
    }

    func testGapBetweenTensors() throws {
        let header =
            #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#
        let path = try file("gap.safetensors", header: header, data: [UInt8](repeating: 0, count: 12))
        expectError(path) { if case .gapInData(_, "b", 4, 8) = $0 { true } else { false } }
    }

    func testNegativeShapeAndBadOffsets() throws {
        let path = try file(
            "negative.safetensors", header: #"{"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#,
            data: [0, 0, 0, 0])
        expectError(path) { if case .invalidEntry(_, "x", _) = $0 { true } else { false } }
        let reversed = try file(
            "reversed.safetensors", header: #"{"x":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#,
            data: [0, 0, 0, 0])
        expectError(reversed) { if case .invalidEntry(_, "x", _) = $0 { true } else { false } }
    }

    func testMissingTensorAndWrongKind() throws {
        var writer = SafetensorsWriter()
        writer.addIntegers("ids", shape: [2], values: [5, 6])
        let url = directory.appendingPathComponent("ids.safetensors")
        try writer.write(to: url)
        let read = try SafetensorsFile(path: url.path)
        XCTAssertThrowsError(try read.tensor("nope")) { error in
            XCTAssertEqual(error as? TensorsError, .missingTensor(file: url.path, tensor: "nope"))
        }
        XCTAssertThrowsError(try read.tensor("ids")) { error in
            guard case .wrongElementKind = error as? TensorsError else { return XCTFail("\(error)") }
        }
    }

    func testMissingFileAndDirectory() {
        let missing = directory.appendingPathComponent("absent.safetensors").path
        expectError(missing) { if case .unreadable = $0 { true } else { false } }
        expectError(directory.path) { if case .unreadable = $0 { true } else { false } }
    }

    func testAtomicWriteIntoMissingFolderLeavesNothing() {
        let url = directory.appendingPathComponent("no/such/folder/out.safetensors")
        XCTAssertThrowsError(try SafetensorsWriter().write(to: url)) { error in
            guard case .unwritable(let file, _) = error as? TensorsError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, url.path)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), [])
    }
}
