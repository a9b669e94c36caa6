import Foundation

/// A PDF object as the post-processors read and write it (PDF 1.7 §7.3).
///
/// Strings are held as their decoded bytes and written back as literal strings when printable ASCII, else as
/// hexadecimal strings; numbers keep the text they were written with, so rewriting an object Cairo wrote changes nothing but what was meant to change.
indirect enum PDFValue: Equatable {
    case null
    case boolean(Bool)
    /// A number as written, e.g. "12" or "595.28".
    case number(String)
    /// A name without its slash, as written (with `#xx` escapes), e.g. "StructElem".
    case name(String)
    /// A string's bytes after escapes are resolved.
    case string([UInt8])
    /// An indirect reference: object number and generation.
    case reference(Int, Int)
    case array([PDFValue])
    case dictionary(PDFDictionary)

    /// An integer number.
    static func integer(_ value: Int) -> PDFValue { .number(String(value)) }

    /// A text string: ASCII as is, anything else as UTF-16BE with a byte order mark (PDF 1.7 §7.9.2.2).
    static func text(_ string: String) -> PDFValue {
        if string.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) {
            return .string(Array(string.utf8))
        }
        var bytes: [UInt8] = [0xFE, 0xFF]
        for unit in string.utf16 { bytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        return .string(bytes)
    }

    /// A name for arbitrary text, with every byte outside the regular printable range escaped as `#xx`
    /// (PDF 1.7 §7.3.5), e.g. "application/json" → `application#2Fjson`.
    static func escapedName(_ text: String) -> PDFValue {
        var name = ""
        for byte in text.utf8 {
            let isRegular = byte > 0x20 && byte < 0x7F && !Array("()<>[]{}/%#".utf8).contains(byte)
            name += isRegular ? String(UnicodeScalar(byte)) : String(format: "#%02X", byte)
        }
        return .name(name)
    }

    /// The referenced object number, if this is a reference.
    var reference: Int? {
        if case .reference(let number, _) = self { return number }
        return nil
    }

    /// The value as an integer, if it is an integral number.
    var integer: Int? {
        if case .number(let text) = self { return Int(text) }
        return nil
    }

    /// The name without its slash.
    var name: String? {
        if case .name(let name) = self { return name }
        return nil
    }

    var array: [PDFValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    var dictionary: PDFDictionary? {
        if case .dictionary(let dictionary) = self { return dictionary }
        return nil
    }

    /// A text string decoded: UTF-16BE when it starts with a byte order mark, else PDFDocEncoding read as
    /// Latin-1 (exact for ASCII, which is all this module writes without a mark).
    var text: String? {
        guard case .string(let bytes) = self else { return nil }
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
            let units = stride(from: 2, to: bytes.count - 1, by: 2).map {
                UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1])
            }
            return String(decoding: units, as: UTF16.self)
        }
        return String(bytes.map { Character(UnicodeScalar($0)) })
    }

    /// The value in PDF syntax.
    var serialized: String {
        switch self {
        case .null: return "null"
        case .boolean(let value): return value ? "true" : "false"
        case .number(let text): return text
        case .name(let name): return "/" + name
        case .string(let bytes):
            // Printable ASCII as a literal string, e.g. (en); anything else in hexadecimal.
            guard bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
                return "<" + bytes.map { String(format: "%02X", $0) }.joined() + ">"
            }
            var literal = "("
            for byte in bytes {
                if byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")") || byte == UInt8(ascii: "\\") {
                    literal += "\\"
                }
                literal.unicodeScalars.append(UnicodeScalar(byte))
            }
            return literal + ")"
        case .reference(let number, let generation): return "\(number) \(generation) R"
        case .array(let items): return "[" + items.map(\.serialized).joined(separator: " ") + "]"
        case .dictionary(let dictionary): return dictionary.serialized
        }
    }
}

/// A PDF dictionary that keeps its keys in the order they were written, so rewritten objects stay deterministic.
struct PDFDictionary: Equatable {
    /// The entries in order; keys without their slash.
    private(set) var entries: [(key: String, value: PDFValue)] = []

    init(_ entries: [(String, PDFValue)] = []) {
        for (key, value) in entries { self[key] = value }
    }

    /// The value for a key (without its slash); setting `nil` removes the entry, setting an existing key keeps
    /// its position.
    subscript(key: String) -> PDFValue? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let index = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
    }

    /// The dictionary in PDF syntax, one entry per line.
    var serialized: String {
        "<< " + entries.map { "/\($0.key) \($0.value.serialized)" }.joined(separator: "\n   ") + " >>"
    }

    static func == (a: PDFDictionary, b: PDFDictionary) -> Bool {
        a.entries.count == b.entries.count
            && zip(a.entries, b.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}
