import FuzzSupport
import Tensors

/// The safetensors reader: an 8-byte header length, a JSON header, then the data. Every tensor the header
/// declares is read in full, floating-point ones converted to `Float`, integer ones to `Int64`.
private let scratch = ScratchDirectory("safetensors")

private func fuzzSafetensors(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzDriver.bytes(data, size)
    let file = scratch.write(input, to: "model.safetensors")
    guard let reader = try? SafetensorsFile(path: file.path) else { return 0 }
    for name in reader.names {
        guard let entry = try? reader.entry(name) else { continue }
        if entry.dtype.isFloatingPoint {
            _ = try? reader.tensor(name)
        } else {
            _ = try? reader.integers(name)
        }
    }
    return 0
}

FuzzDriver.run(fuzzSafetensors)
