import Foundation

/// Reads `model.vocab` of a tokenizer.json with exact token spellings.
///
/// `JSONDecoder` keys objects by `String`, which merges canonically equivalent tokens (`"Å"` U+00C5 and
/// U+212B); the loader falls back to this scanner when the decoded vocabulary has fewer entries than ids.
struct VocabularyScanner {
    private let bytes: [UInt8]
    private var position = 0
    private let file: URL

    /// Scans `data`, the contents of `file`.
    init(data: Data, file: URL) {
        bytes = [UInt8](data)
        self.file = file
    }

    /// The `(token, id)` entries of `model.vocab`, in file order.
    ///
    /// - Throws: ``TokenizerError/malformedJSON(file:detail:)`` when the document or the vocabulary is malformed.
    mutating func modelVocabulary() throws -> [(token: String, id: Int)] {
        var result: [(token: String, id: Int)]? = nil
        try object { key, scanner in
            guard key == "model" else { return try scanner.skipValue() }
            try scanner.object { modelKey, inner in
                guard modelKey == "vocab" else { return try inner.skipValue() }
                var entries: [(token: String, id: Int)] = []
                try inner.object { token, entry in entries.append((token, try entry.integer())) }
                result = entries
            }
        }
        guard let result else { throw error("no model.vocab object") }
        return result
    }

    // MARK: - JSON grammar

    private func error(_ detail: String) -> TokenizerError {
        .malformedJSON(file: file, detail: "\(detail) (byte \(position))")
    }

    private mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == byte else {
            throw error("expected '\(Character(Unicode.Scalar(byte)))'")
        }
        position += 1
    }

    /// Parses an object, handing each key and the scanner (positioned at the value) to `member`, which must
    /// consume the value.
    private mutating func object(_ member: (String, inout VocabularyScanner) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            skipWhitespace()
            let key = try string()
            try expect(UInt8(ascii: ":"))
            try member(key, &self)
            skipWhitespace()
            guard position < bytes.count else { throw error("unterminated object") }
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "}") { return }
            guard byte == UInt8(ascii: ",") else { throw error("expected ',' or '}'") }
        }
    }

    /// Parses a string with its escapes, keeping every scalar as written.
    private mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""))
        var utf8: [UInt8] = []
        while true {
            guard position < bytes.count else { throw error("unterminated string") }
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "\"") { break }
            guard byte == UInt8(ascii: "\\") else {
                utf8.append(byte)
                continue
            }
            guard position < bytes.count else { throw error("unterminated escape") }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "u"):
                var value = try hex4()
                if (0xD800..<0xDC00).contains(value) {
                    guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                        bytes[position + 1] == UInt8(ascii: "u")
                    else { throw error("lone surrogate") }
                    position += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw error("bad surrogate pair") }
                    value = JSONEscape.scalarValue(high: value, low: low)
                }
                guard let scalar = Unicode.Scalar(value) else { throw error("invalid code point") }
                utf8.append(contentsOf: String(scalar).utf8)
            default:
                // Lenient, as JSONDecoder has already read the document: an unknown escape stands for itself.
                utf8.append(JSONEscape.byte(escaped: escape) ?? escape)
            }
        }
        guard let text = String(validating: utf8, as: UTF8.self) else { throw error("invalid UTF-8 in a string") }
        return text
    }

    private mutating func hex4() throws -> UInt32 {
        guard position + 4 <= bytes.count,
            let value = UInt32(String(decoding: bytes[position..<(position + 4)], as: UTF8.self), radix: 16)
        else { throw error("bad \\u escape") }
        position += 4
        return value
    }

    private mutating func integer() throws -> Int {
        skipWhitespace()
        let start = position
        while position < bytes.count, bytes[position] == UInt8(ascii: "-") || (0x30...0x39).contains(bytes[position]) {
            position += 1
        }
        guard let value = Int(String(decoding: bytes[start..<position], as: UTF8.self)) else {
            throw error("expected an integer id")
        }
        return value
    }

    /// Skips any JSON value.
    private mutating func skipValue() throws {
        skipWhitespace()
        guard position < bytes.count else { throw error("missing value") }
        switch bytes[position] {
        case UInt8(ascii: "\""):
            _ = try string()
        case UInt8(ascii: "{"):
            try object { _, scanner in try scanner.skipValue() }
        case UInt8(ascii: "["):
            position += 1
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                position += 1
                return
            }
            while true {
                try skipValue()
                skipWhitespace()
                guard position < bytes.count else { throw error("unterminated array") }
                let byte = bytes[position]
                position += 1
                if byte == UInt8(ascii: "]") { return }
                guard byte == UInt8(ascii: ",") else { throw error("expected ',' or ']'") }
            }
        default:
            // Numbers, true, false, null.
            while position < bytes.count, !",}] \t\r\n".utf8.contains(bytes[position]) { position += 1 }
        }
    }
}
