import Foundation

/// A `.safetensors` file, memory-mapped and validated as the reference implementation validates it.
///
/// Layout: an 8-byte little-endian header length `N`, `N` bytes of JSON mapping each tensor name to
/// `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets relative to the data section) plus an optional
/// `"__metadata__"` string map, then the data section. On opening, every entry is checked: known dtype,
/// non-negative shape, `end - begin == product(shape) × dtype size`, ranges inside the data section, and ranges
/// that tile the data section without overlap or gap (as `safetensors`' `Metadata::validate` requires).
/// Tensors are converted to `Float` only when read.
///
/// See <https://github.com/huggingface/safetensors> (format description and `validate`).
public final class SafetensorsFile: @unchecked Sendable {
    /// One tensor's entry in the header.
    public struct Entry: Sendable, Equatable {
        /// Element type as declared.
        public let dtype: DType
        /// Shape as declared, outermost first.
        public let shape: [Int]
        /// Byte range inside the data section.
        public let range: Range<Int>
    }

    /// Path of the file (used in every error).
    public let path: String
    /// Entries by tensor name.
    public let entries: [String: Entry]
    /// The optional `__metadata__` map.
    public let metadata: [String: String]

    private let file: MappedFile
    private let dataStart: Int

    /// Opens and validates a safetensors file.
    /// - Parameter path: the file's path.
    /// - Throws: `TensorsError` naming the file and, where it applies, the tensor at fault.
    public init(path: String) throws {
        self.path = path
        file = try MappedFile(path: path)
        let bytes = file.bytes
        guard bytes.count >= 8 else { throw TensorsError.tooSmall(file: path, size: bytes.count) }
        let headerLength = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw TensorsError.headerLengthOutOfRange(file: path, headerLength: headerLength, fileSize: bytes.count)
        }
        dataStart = 8 + Int(headerLength)
        let header = Data(bytes[8..<dataStart])
        (entries, metadata) = try Self.parseHeader(header, path: path, dataSize: bytes.count - dataStart)
    }

    /// Names of all tensors, sorted.
    public var names: [String] { entries.keys.sorted() }

    /// The raw bytes of one tensor.
    public func rawBytes(_ name: String) throws -> UnsafeRawBufferPointer {
        let entry = try entry(name)
        return UnsafeRawBufferPointer(
            rebasing: file.bytes[(dataStart + entry.range.lowerBound)..<(dataStart + entry.range.upperBound)])
    }

    /// The entry for `name`, or `TensorsError.missingTensor`.
    public func entry(_ name: String) throws -> Entry {
        guard let entry = entries[name] else { throw TensorsError.missingTensor(file: path, tensor: name) }
        return entry
    }

    /// Reads a floating-point tensor (F32, F16, BF16 or F64), converting its elements to `Float`.
    /// - Throws: `TensorsError.missingTensor`, or `.wrongElementKind` for integer tensors.
    public func tensor(_ name: String) throws -> Tensor {
        try tensorCheckingFinite(name).tensor
    }

    /// Reads a floating-point tensor as `tensor(_:)` does, and tells whether every converted value is finite
    /// (found while converting, so callers need not scan the values again).
    /// - Throws: `TensorsError.missingTensor`, or `.wrongElementKind` for integer tensors.
    public func tensorCheckingFinite(_ name: String) throws -> (tensor: Tensor, isFinite: Bool) {
        let entry = try entry(name)
        guard entry.dtype.isFloatingPoint else {
            throw TensorsError.wrongElementKind(file: path, tensor: name, dtype: entry.dtype, wanted: "floating point")
        }
        let raw = try rawBytes(name)
        let count = entry.shape.reduce(1, *)
        var isFinite = true
        let scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            isFinite = FloatConversion.convert(raw, dtype: entry.dtype, into: buffer)
            initialized = count
        }
        return (Tensor(shape: entry.shape, scalars: scalars), isFinite)
    }

    /// Reads an integer tensor (I8…I64, U8…U64, BOOL) as `Int64` values, e.g. `embeddings.position_ids`.
    public func integers(_ name: String) throws -> (shape: [Int], values: [Int64]) {
        let entry = try entry(name)
        guard !entry.dtype.isFloatingPoint else {
            throw TensorsError.wrongElementKind(file: path, tensor: name, dtype: entry.dtype, wanted: "integer")
        }
        let raw = try rawBytes(name)
        let count = entry.shape.reduce(1, *)
        var values = [Int64](repeating: 0, count: count)
        for i in 0..<count {
            let at = i * entry.dtype.size
            values[i] =
                switch entry.dtype {
                case .bool, .uint8: Int64(raw.load(fromByteOffset: at, as: UInt8.self))
                case .int8: Int64(raw.load(fromByteOffset: at, as: Int8.self))
                case .int16: Int64(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: Int16.self)))
                case .uint16: Int64(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt16.self)))
                case .int32: Int64(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: Int32.self)))
                case .uint32: Int64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
                case .int64: Int64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: Int64.self))
                case .uint64:
                    Int64(
                        truncatingIfNeeded: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self))
                    )
                default: 0
                }
        }
        return (entry.shape, values)
    }
}

// MARK: - Header parsing

extension SafetensorsFile {
    fileprivate static func parseHeader(_ header: Data, path: String, dataSize: Int) throws -> (
        [String: Entry], [String: String]
    ) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: header)
        } catch {
            throw TensorsError.invalidHeader(file: path, detail: "not valid JSON")
        }
        guard let map = object as? [String: Any] else {
            throw TensorsError.invalidHeader(file: path, detail: "not a JSON object")
        }
        var entries: [String: Entry] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in map {
            if name == "__metadata__" {
                guard let strings = value as? [String: String] else {
                    throw TensorsError.invalidHeader(file: path, detail: "__metadata__ is not a map of strings")
                }
                metadata = strings
                continue
            }
            entries[name] = try parseEntry(value, name: name, path: path)
        }
        try validateLayout(entries, path: path, dataSize: dataSize)
        return (entries, metadata)
    }

    private static func parseEntry(_ value: Any, name: String, path: String) throws -> Entry {
        guard let fields = value as? [String: Any] else {
            throw TensorsError.invalidEntry(file: path, tensor: name, detail: "entry is not a JSON object")
        }
        guard let dtypeName = fields["dtype"] as? String else {
            throw TensorsError.invalidEntry(file: path, tensor: name, detail: "missing dtype")
        }
        guard let dtype = DType(rawValue: dtypeName) else {
            throw TensorsError.unknownDType(file: path, tensor: name, dtype: dtypeName)
        }
        guard let shape = integerArray(fields["shape"]), shape.allSatisfy({ $0 >= 0 }) else {
            throw TensorsError.invalidEntry(file: path, tensor: name, detail: "shape is not a list of sizes ≥ 0")
        }
        guard let offsets = integerArray(fields["data_offsets"]), offsets.count == 2,
            offsets[0] >= 0, offsets[0] <= offsets[1]
        else {
            throw TensorsError.invalidEntry(file: path, tensor: name, detail: "data_offsets is not [begin, end]")
        }
        let (elements, overflow) = shape.reduce((1, false)) { acc, dim in
            let (product, o) = acc.0.multipliedReportingOverflow(by: dim)
            return (product, acc.1 || o)
        }
        let (expected, overflow2) = elements.multipliedReportingOverflow(by: dtype.size)
        let actual = offsets[1] - offsets[0]
        guard !overflow, !overflow2, expected == actual else {
            throw TensorsError.byteCountMismatch(
                file: path, tensor: name, shape: shape, dtype: dtype,
                expected: overflow || overflow2 ? Int.max : expected,
                actual: actual)
        }
        return Entry(dtype: dtype, shape: shape, range: offsets[0]..<offsets[1])
    }

    /// JSON numbers arrive as NSNumber; accept only exact non-fractional integers.
    private static func integerArray(_ value: Any?) -> [Int]? {
        guard let numbers = value as? [Any] else { return nil }
        var result: [Int] = []
        for number in numbers {
            // Foundation bridges JSON booleans to NSNumber too (objCType "c"); they are not sizes.
            guard let n = number as? NSNumber, String(cString: n.objCType) != "c" else { return nil }
            let d = n.doubleValue
            guard d == d.rounded(), abs(d) < 9.0e15 else { return nil }
            result.append(n.intValue)
        }
        return result
    }

    private static func validateLayout(_ entries: [String: Entry], path: String, dataSize: Int) throws {
        let ordered = entries.sorted { ($0.value.range.lowerBound, $0.key) < ($1.value.range.lowerBound, $1.key) }
        var expectedStart = 0
        var previous: String?
        for (name, entry) in ordered {
            guard entry.range.upperBound <= dataSize else {
                throw TensorsError.rangeOutOfBounds(
                    file: path, tensor: name, range: [entry.range.lowerBound, entry.range.upperBound],
                    dataSize: dataSize)
            }
            if entry.range.lowerBound < expectedStart, let previous {
                throw TensorsError.overlappingRanges(file: path, tensor: name, other: previous)
            }
            guard entry.range.lowerBound == expectedStart else {
                throw TensorsError.gapInData(
                    file: path, tensor: name, expectedStart: expectedStart, actualStart: entry.range.lowerBound)
            }
            expectedStart = entry.range.upperBound
            previous = name
        }
        guard expectedStart == dataSize else {
            throw TensorsError.gapInData(
                file: path, tensor: "(end of data)", expectedStart: expectedStart, actualStart: dataSize)
        }
    }
}
