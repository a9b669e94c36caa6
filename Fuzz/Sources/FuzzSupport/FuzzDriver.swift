import CFuzzDriver
import Foundation

/// Runs libFuzzer's driver on one target function and exits with its status.
public enum FuzzDriver {
    /// Hands the process arguments (libFuzzer's flags and corpus folders) to `LLVMFuzzerRunDriver`.
    /// - Parameter target: Called with every input; returns 0 (libFuzzer reserves other values).
    public static func run(_ target: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, target))
    }

    /// The input as a buffer (libFuzzer may pass a null pointer for the empty input).
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> UnsafeRawBufferPointer {
        guard let data, size > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: data, count: size)
    }
}
