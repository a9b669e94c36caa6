import COpenSSL
import Foundation

/// SHA-256 digests (OpenSSL's libcrypto), written as 64 lowercase hexadecimal digits.
public enum SHA256 {
    /// The digest of some bytes.
    public static func hex(_ data: Data) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        data.withUnsafeBytes { bytes in
            _ = EVP_Digest(bytes.baseAddress, bytes.count, &digest, &length, EVP_sha256(), nil)
        }
        return digest.map { String(format: "%02x", $0) }.joined()
    }

    /// The digest of a file, read memory-mapped.
    /// - Throws: `DossierError.unreadableDocument` naming the file.
    public static func hex(ofFile url: URL) throws -> String {
        do {
            return hex(try Data(contentsOf: url, options: .alwaysMapped))
        } catch {
            throw DossierError.unreadableDocument(file: url.path, reason: "cannot read it to hash it")
        }
    }
}
