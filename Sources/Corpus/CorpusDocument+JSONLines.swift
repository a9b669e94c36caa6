import Foundation

extension CorpusDocument {
    /// The document as one line of JSON: sorted keys, no escaped slashes, UTF-8, no trailing newline.
    ///
    /// - Throws: ``CorpusError/cannotEncode(id:reason:)``.
    public func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(self), as: UTF8.self)
        } catch {
            throw CorpusError.cannotEncode(id: id, reason: "\(error)")
        }
    }

    /// Documents as JSON Lines: one ``jsonLine()`` per document, each followed by `\n`.
    public static func jsonLines(_ documents: [CorpusDocument]) throws -> String {
        try documents.map { try $0.jsonLine() + "\n" }.joined()
    }

    /// Reads documents back from JSON Lines text; blank lines are skipped.
    ///
    /// - Parameters:
    ///   - text: The file's contents.
    ///   - path: The file's path, for error messages.
    /// - Throws: ``CorpusError/cannotDecode(path:line:reason:)`` naming the first bad line.
    public static func decodeJSONLines(_ text: String, path: String) throws -> [CorpusDocument] {
        let decoder = JSONDecoder()
        var documents: [CorpusDocument] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy(\.isWhitespace) {
            do {
                documents.append(try decoder.decode(CorpusDocument.self, from: Data(line.utf8)))
            } catch {
                throw CorpusError.cannotDecode(path: path, line: number + 1, reason: "\(error)")
            }
        }
        return documents
    }
}
