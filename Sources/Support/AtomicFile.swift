import Foundation

/// Writes whole files atomically: a temporary sibling, then `rename(2)`, so that readers see either the old file
/// or the complete new one (the one writer of the checkpoints, reports, corpora and PDFs).
public enum AtomicFile {
    /// Writing `file` failed for `reason` (the system's words); the destination is untouched.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let file: String
        public let reason: String

        public init(file: String, reason: String) { (self.file, self.reason) = (file, reason) }

        public var description: String { "\(file): cannot write: \(reason)" }
    }

    /// Writes `data` to `url`; on failure the temporary file is removed and the destination left as it was.
    /// - Throws: ``Failure`` naming the destination and the system's reason.
    public static func write(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial")
        do {
            try data.write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw Failure(file: url.path, reason: reason(error))
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw Failure(file: url.path, reason: reason)
        }
    }

    /// The most specific description of a Foundation error: the underlying POSIX error's when there is one, a
    /// short phrase for the common file errors (Foundation's own sentences name neither the file nor the cause).
    public static func reason(_ error: any Error) -> String {
        if let cocoa = error as? CocoaError {
            switch cocoa.code {
            case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or folder"
            case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
            case .fileReadInapplicableStringEncoding: return "not UTF-8 text"
            default: break
            }
        }
        var current = error as NSError
        while let underlying = current.userInfo[NSUnderlyingErrorKey] as? NSError { current = underlying }
        if current.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(current.code))) }
        if let path = (error as NSError).userInfo[NSFilePathErrorKey] as? String {
            return "\(current.localizedDescription) (\(path))"
        }
        return current.localizedDescription
    }
}
