/// Everything that can go wrong reading or writing tensors, each case naming the file and the evidence.
public enum TensorsError: Error, CustomStringConvertible, Equatable {
    /// The file could not be opened, measured or mapped.
    case unreadable(file: String, reason: String)
    /// The file is shorter than the 8-byte header-length prefix.
    case tooSmall(file: String, size: Int)
    /// The declared header length does not fit inside the file.
    case headerLengthOutOfRange(file: String, headerLength: UInt64, fileSize: Int)
    /// The header is not a JSON object of the safetensors form.
    case invalidHeader(file: String, detail: String)
    /// A tensor entry is malformed (missing fields, negative sizes, …).
    case invalidEntry(file: String, tensor: String, detail: String)
    /// A tensor declares a dtype the format does not define.
    case unknownDType(file: String, tensor: String, dtype: String)
    /// A tensor's byte range does not equal product(shape) × dtype size.
    case byteCountMismatch(file: String, tensor: String, shape: [Int], dtype: DType, expected: Int, actual: Int)
    /// A tensor's byte range lies outside the data section.
    case rangeOutOfBounds(file: String, tensor: String, range: [Int], dataSize: Int)
    /// Two tensors' byte ranges overlap.
    case overlappingRanges(file: String, tensor: String, other: String)
    /// The byte ranges leave a gap, or do not end at the end of the file (the reference implementation
    /// requires the data section to be exactly covered).
    case gapInData(file: String, tensor: String, expectedStart: Int, actualStart: Int)
    /// A tensor that was asked for is not in the file.
    case missingTensor(file: String, tensor: String)
    /// A tensor was read as floating point (or integer) but holds another kind of element.
    case wrongElementKind(file: String, tensor: String, dtype: DType, wanted: String)
    /// Writing a file failed.
    case unwritable(file: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            "\(file): cannot read: \(reason)"
        case .tooSmall(let file, let size):
            "\(file): not a safetensors file: \(size) bytes, shorter than the 8-byte header length"
        case .headerLengthOutOfRange(let file, let headerLength, let fileSize):
            "\(file): header length \(headerLength) does not fit in a file of \(fileSize) bytes (truncated file?)"
        case .invalidHeader(let file, let detail):
            "\(file): invalid safetensors header: \(detail)"
        case .invalidEntry(let file, let tensor, let detail):
            "\(file): tensor '\(tensor)': \(detail)"
        case .unknownDType(let file, let tensor, let dtype):
            "\(file): tensor '\(tensor)' has unknown dtype '\(dtype)'"
        case .byteCountMismatch(let file, let tensor, let shape, let dtype, let expected, let actual):
            "\(file): tensor '\(tensor)' of shape \(shape) and dtype \(dtype.rawValue) needs \(expected) bytes "
                + "but its range holds \(actual)"
        case .rangeOutOfBounds(let file, let tensor, let range, let dataSize):
            "\(file): tensor '\(tensor)' byte range \(range) lies outside the \(dataSize)-byte data section"
        case .overlappingRanges(let file, let tensor, let other):
            "\(file): tensor '\(tensor)' overlaps tensor '\(other)'"
        case .gapInData(let file, let tensor, let expectedStart, let actualStart):
            "\(file): tensor '\(tensor)' starts at byte \(actualStart) of the data section, expected \(expectedStart) "
                + "(gap or trailing bytes)"
        case .missingTensor(let file, let tensor):
            "\(file): no tensor named '\(tensor)'"
        case .wrongElementKind(let file, let tensor, let dtype, let wanted):
            "\(file): tensor '\(tensor)' has dtype \(dtype.rawValue), cannot be read as \(wanted)"
        case .unwritable(let file, let reason):
            "\(file): cannot write: \(reason)"
        }
    }
}
