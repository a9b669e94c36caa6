import Foundation

/// A tokenizer.json cut in two: the `model.vocab` object, read by a byte scanner, and the rest of the document,
/// left to `JSONDecoder`.
///
/// Decoding a 30,522-token vocabulary with `JSONDecoder` took about two thirds of loading a BERT tokenizer.json;
/// the scanner reads the entries straight into `(token, id)` pairs, exact spellings in file order, and the
/// decoder sees the document with `{}` in the vocabulary's place. The scanner is strict JSON (no raw control
/// characters, only JSON's escapes, integer ids without fraction or exponent); anything else, a vocabulary that
/// is not an object (Unigram's is a list) or a repeated `model` or `vocab` key, and the split is refused so the
/// loader decodes the whole document as before.
struct VocabularySplit {
    /// The `(token, id)` entries of `model.vocab`, in file order.
    var entries: [(token: String, id: Int)]
    /// The document with `model.vocab`'s value replaced by `{}`.
    var remainder: Data

    /// Splits `data`, or returns nil when the document is not of the form described above.
    init?(_ data: Data) {
        guard
            let split = data.withUnsafeBytes({ bytes -> (entries: [(token: String, id: Int)], range: Range<Int>)? in
                var scanner = Scanner(bytes: bytes)
                return scanner.modelVocabulary()
            })
        else { return nil }
        entries = split.entries
        var remainder = Data(capacity: data.count - split.range.count + 2)
        remainder.append(data[data.startIndex..<(data.startIndex + split.range.lowerBound)])
        remainder.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")])
        remainder.append(data[(data.startIndex + split.range.upperBound)...])
        self.remainder = remainder
    }
}

extension VocabularySplit {
    /// A strict JSON reader over the bytes of one document; every method returns nil (or false) on anything it
    /// does not accept.
    fileprivate struct Scanner {
        let bytes: UnsafeRawBufferPointer
        var position = 0

        init(bytes: UnsafeRawBufferPointer) {
            self.bytes = bytes
        }

        /// The entries of the top-level object's `model.vocab` object and the byte range of that object.
        mutating func modelVocabulary() -> (entries: [(token: String, id: Int)], range: Range<Int>)? {
            var found: (entries: [(token: String, id: Int)], range: Range<Int>)? = nil
            var seenModel = false
            let parsed = object { key, scanner in
                guard key == "model" else { return scanner.skipValue() }
                guard !seenModel else { return false }
                seenModel = true
                var seenVocabulary = false
                return scanner.object { modelKey, inner in
                    guard modelKey == "vocab" else { return inner.skipValue() }
                    guard !seenVocabulary else { return false }
                    seenVocabulary = true
                    inner.skipWhitespace()
                    let start = inner.position
                    guard let entries = inner.vocabulary() else { return false }
                    found = (entries, start..<inner.position)
                    return true
                }
            }
            return parsed ? found : nil
        }

        /// A `{"token": id, ...}` object.
        private mutating func vocabulary() -> [(token: String, id: Int)]? {
            var entries: [(token: String, id: Int)] = []
            entries.reserveCapacity(bytes.count / 12)
            let parsed = object { token, scanner in
                guard let id = scanner.integer() else { return false }
                entries.append((token, id))
                return true
            }
            return parsed ? entries : nil
        }

        private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipWhitespace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }

        private mutating func consume(_ byte: UInt8) -> Bool {
            skipWhitespace()
            guard current == byte else { return false }
            position += 1
            return true
        }

        /// An object; `member` gets each key with the scanner at its value, which it must consume.
        private mutating func object(_ member: (String, inout Scanner) -> Bool) -> Bool {
            guard consume(UInt8(ascii: "{")) else { return false }
            if consume(UInt8(ascii: "}")) { return true }
            while true {
                skipWhitespace()
                guard let key = string(), consume(UInt8(ascii: ":")), member(key, &self) else { return false }
                if consume(UInt8(ascii: ",")) { continue }
                return consume(UInt8(ascii: "}"))
            }
        }

        /// A string: unescaped runs are validated in place, escapes decoded; raw control characters refused.
        private mutating func string() -> String? {
            guard current == UInt8(ascii: "\"") else { return nil }
            position += 1
            let start = position
            var nonASCII: UInt8 = 0
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    let run = UnsafeRawBufferPointer(rebasing: bytes[start..<position])
                    position += 1
                    return nonASCII < 0x80 ? String(decoding: run, as: UTF8.self) : Self.validated(run)
                }
                if byte == UInt8(ascii: "\\") { return escapedString(from: start) }
                if byte < 0x20 { return nil }
                nonASCII |= byte
                position += 1
            }
            return nil
        }

        /// `bytes` as a string when they are valid UTF-8. (`String(decoding:)` repairs invalid bytes with U+FFFD,
        /// so the result's bytes differ from invalid input; it is much faster than the generic
        /// `String(validating:)`.)
        private static func validated(_ bytes: UnsafeRawBufferPointer) -> String? {
            let text = String(decoding: bytes, as: UTF8.self)
            return text.utf8.elementsEqual(bytes) ? text : nil
        }

        /// The rest of a string that holds an escape, from its first byte at `start`.
        private mutating func escapedString(from start: Int) -> String? {
            var utf8 = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[start..<position]))
            while position < bytes.count {
                let byte = bytes[position]
                position += 1
                if byte == UInt8(ascii: "\"") { return utf8.withUnsafeBytes { Self.validated($0) } }
                if byte < 0x20 { return nil }
                guard byte == UInt8(ascii: "\\") else {
                    utf8.append(byte)
                    continue
                }
                guard let escape = current else { return nil }
                position += 1
                switch escape {
                case UInt8(ascii: "u"):
                    guard var value = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(value) {
                        guard current == UInt8(ascii: "\\") else { return nil }
                        position += 1
                        guard current == UInt8(ascii: "u") else { return nil }
                        position += 1
                        guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                        value = JSONEscape.scalarValue(high: value, low: low)
                    }
                    guard let scalar = Unicode.Scalar(value) else { return nil }
                    utf8.append(contentsOf: String(scalar).utf8)
                default:
                    guard let byte = JSONEscape.byte(escaped: escape) else { return nil }
                    utf8.append(byte)
                }
            }
            return nil
        }

        private mutating func hex4() -> UInt32? {
            guard position + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[position]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
                position += 1
            }
            return value
        }

        /// `-?(0|[1-9][0-9]*)` within `Int`, not followed by a fraction or exponent.
        private mutating func integer() -> Int? {
            skipWhitespace()
            let negative = current == UInt8(ascii: "-")
            if negative { position += 1 }
            let start = position
            var magnitude = 0
            while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                guard position - start < 18 else { return nil }  // far beyond any id; never overflows
                magnitude = magnitude * 10 + Int(byte - UInt8(ascii: "0"))
                position += 1
            }
            let digits = position - start
            guard digits > 0, digits == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
            if let next = current, next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
                return nil
            }
            return negative ? -magnitude : magnitude
        }

        /// Skips any value. Only its structure is checked: `JSONDecoder` reads these bytes again.
        private mutating func skipValue() -> Bool {
            skipWhitespace()
            guard let byte = current else { return false }
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                while position < bytes.count {
                    let byte = bytes[position]
                    position += 1
                    if byte == UInt8(ascii: "\"") { return true }
                    if byte == UInt8(ascii: "\\") { position += 1 }
                }
                return false
            case UInt8(ascii: "{"):
                return object { _, scanner in scanner.skipValue() }
            case UInt8(ascii: "["):
                position += 1
                if consume(UInt8(ascii: "]")) { return true }
                while true {
                    guard skipValue() else { return false }
                    if consume(UInt8(ascii: ",")) { continue }
                    return consume(UInt8(ascii: "]"))
                }
            default:
                // Numbers, true, false, null.
                let start = position
                while let byte = current,
                    !(byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}")
                        || byte == UInt8(ascii: "]") || byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D)
                {
                    position += 1
                }
                return position > start
            }
        }
    }
}
