import Foundation
import Support

/// Writes `.safetensors` files: tensors in name order, header padded with spaces to 8 bytes, written to a
/// temporary file beside the destination and renamed into place, so a failed write leaves nothing behind.
public struct SafetensorsWriter {
    /// The element type used for floating-point tensors in the file.
    public enum Precision: Sendable {
        case float32, float16
    }

    private var tensors: [(name: String, tensor: Tensor)] = []
    private var integerTensors: [(name: String, shape: [Int], values: [Int64])] = []
    /// Free-form `__metadata__` strings, e.g. `["format": "pt"]`.
    public var metadata: [String: String] = ["format": "pt"]

    public init() {}

    /// Adds a floating-point tensor.
    public mutating func add(_ name: String, _ tensor: Tensor) {
        tensors.append((name, tensor))
    }

    /// Adds an `I64` tensor such as `embeddings.position_ids`.
    public mutating func addIntegers(_ name: String, shape: [Int], values: [Int64]) {
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) values")
        integerTensors.append((name, shape, values))
    }

    /// The complete file contents.
    public func encoded(precision: Precision = .float32) -> Data {
        struct Item {
            let name: String
            let dtype: DType
            let shape: [Int]
            let bytes: Data
        }
        var items: [Item] = tensors.map { name, tensor in
            switch precision {
            case .float32:
                let bytes = tensor.scalars.withUnsafeBufferPointer { Data(buffer: $0) }
                return Item(name: name, dtype: .float32, shape: tensor.shape, bytes: bytes)
            case .float16:
                let halves = tensor.scalars.map { FloatConversion.floatToHalf($0).littleEndian }
                return Item(
                    name: name, dtype: .float16, shape: tensor.shape,
                    bytes: halves.withUnsafeBufferPointer { Data(buffer: $0) })
            }
        }
        items += integerTensors.map { name, shape, values in
            let little = values.map { $0.littleEndian }
            return Item(
                name: name, dtype: .int64, shape: shape, bytes: little.withUnsafeBufferPointer { Data(buffer: $0) })
        }
        items.sort { $0.name < $1.name }

        var header = "{"
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0] ?? ""))" }
            header += "\"__metadata__\":{\(pairs.joined(separator: ","))}"
        }
        var offset = 0
        for item in items {
            if header.count > 1 { header += "," }
            let shape = item.shape.map(String.init).joined(separator: ",")
            header += "\(jsonString(item.name)):{\"dtype\":\"\(item.dtype.rawValue)\",\"shape\":[\(shape)],"
            header += "\"data_offsets\":[\(offset),\(offset + item.bytes.count)]}"
            offset += item.bytes.count
        }
        header += "}"
        var headerBytes = Data(header.utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }
        var data = Data()
        withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(headerBytes)
        for item in items { data.append(item.bytes) }
        return data
    }

    /// Writes the file atomically (temporary file in the same folder, then rename).
    /// - Throws: `TensorsError.unwritable` naming the destination.
    public func write(to url: URL, precision: Precision = .float32) throws {
        do {
            try AtomicFile.write(encoded(precision: precision), to: url)
        } catch let failure as AtomicFile.Failure {
            throw TensorsError.unwritable(file: failure.file, reason: failure.reason)
        }
    }

    private func jsonString(_ s: String) -> String {
        let data = (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
