import Dossier
import Foundation

/// Turns ids into file names that are safe on every file system and archive tool.
///
/// A stem keeps ASCII letters, digits, `-`, `_` and `.` (at most 80 of them, not starting with `.`); every other
/// character becomes `_` and runs of dots become one. When the stem is not the id itself, or when two ids would share a stem ignoring case
/// (macOS and Windows folders ignore it), the first 10 hex digits of the id's SHA-256 are appended, so stems are
/// unique, never leave the output folder (`..`, `/` and NUL cannot survive) and depend only on the id.
public enum FileStems {
    /// The stem of one id, before collisions are considered.
    static func base(_ id: String) -> String {
        var stem = String(
            id.unicodeScalars.map { scalar -> Character in
                let ok =
                    scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                        || "-_.".unicodeScalars.contains(scalar))
                return ok ? Character(scalar) : "_"
            })
        while stem.contains("..") { stem = stem.replacingOccurrences(of: "..", with: ".") }
        while stem.hasPrefix(".") { stem.removeFirst() }
        if stem.count > 80 { stem = String(stem.prefix(80)) }
        return stem
    }

    /// `stem-<10 hex digits of SHA-256(id)>`.
    static func hashed(_ id: String, stem: String) -> String {
        let digest = SHA256.hex(Data(id.utf8)).prefix(10)
        return stem.isEmpty ? "id-\(digest)" : "\(stem)-\(digest)"
    }

    /// The stem of every id, unique ignoring case.
    public static func stems(for ids: [String]) -> [String: String] {
        var bases: [String: String] = [:]
        var counts: [String: Int] = [:]
        for id in ids {
            let stem = base(id)
            bases[id] = stem
            counts[stem.lowercased(), default: 0] += 1
        }
        var result: [String: String] = [:]
        for id in ids {
            let stem = bases[id] ?? ""
            let reserved = ["manifest", "index", "batch", "sha256sums"].contains(stem.lowercased())
            result[id] =
                !stem.isEmpty && stem == id && counts[stem.lowercased()] == 1 && !reserved
                ? stem : hashed(id, stem: stem)
        }
        return result
    }
}
