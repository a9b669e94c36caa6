/// Reads PDF objects from bytes (PDF 1.7 §7.2–7.3): the tokens Cairo and this module write.
///
/// A recursive-descent reader over a byte buffer; `position` moves past what was read. It reads dictionaries,
/// arrays, names, numbers, references, literal and hexadecimal strings and keywords; anything else is an
/// ``TypesettingError/unreadablePDF(reason:)``.
struct PDFValueParser {
    let bytes: [UInt8]
    var position: Int

    init(_ bytes: [UInt8], at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    private static let whitespace: Set<UInt8> = [0x00, 0x09, 0x0A, 0x0C, 0x0D, 0x20]
    private static let delimiters: Set<UInt8> = Set("()<>[]{}/%".utf8)

    private func failure(_ reason: String) -> TypesettingError {
        .unreadablePDF(reason: "\(reason) at byte \(position)")
    }

    /// Skips whitespace and comments.
    mutating func skipWhitespace() {
        while position < bytes.count {
            if Self.whitespace.contains(bytes[position]) {
                position += 1
            } else if bytes[position] == UInt8(ascii: "%") {
                while position < bytes.count, bytes[position] != 0x0A, bytes[position] != 0x0D { position += 1 }
            } else {
                return
            }
        }
    }

    /// The next run of regular characters (a number or keyword), without consuming it when `peek` is set.
    mutating func token(peek: Bool = false) -> String {
        skipWhitespace()
        var end = position
        while end < bytes.count, !Self.whitespace.contains(bytes[end]), !Self.delimiters.contains(bytes[end]) {
            end += 1
        }
        let text = String(decoding: bytes[position..<end], as: UTF8.self)
        if !peek { position = end }
        return text
    }

    /// Reads one value.
    mutating func value() throws -> PDFValue {
        skipWhitespace()
        guard position < bytes.count else { throw failure("unexpected end of data") }
        switch bytes[position] {
        case UInt8(ascii: "<"):
            if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "<") { return try dictionary() }
            return try hexString()
        case UInt8(ascii: "("): return try literalString()
        case UInt8(ascii: "["):
            position += 1
            var items: [PDFValue] = []
            while true {
                skipWhitespace()
                guard position < bytes.count else { throw failure("unterminated array") }
                if bytes[position] == UInt8(ascii: "]") {
                    position += 1
                    return .array(items)
                }
                items.append(try value())
            }
        case UInt8(ascii: "/"):
            position += 1
            var end = position
            while end < bytes.count, !Self.whitespace.contains(bytes[end]), !Self.delimiters.contains(bytes[end]) {
                end += 1
            }
            defer { position = end }
            return .name(String(decoding: bytes[position..<end], as: UTF8.self))
        default:
            let word = token()
            switch word {
            case "null": return .null
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            case "": throw failure("unexpected '\(String(UnicodeScalar(bytes[position])))'")
            default: break
            }
            guard Double(word) != nil else { throw failure("unexpected keyword '\(word)'") }
            // "n g R" is a reference; look ahead without consuming anything else.
            if let number = Int(word) {
                let saved = position
                if let generation = Int(token()), token() == "R" { return .reference(number, generation) }
                position = saved
            }
            return .number(word)
        }
    }

    /// Reads `<< /Key value … >>`.
    mutating func dictionary() throws -> PDFValue {
        position += 2
        var dictionary = PDFDictionary()
        while true {
            skipWhitespace()
            guard position + 1 < bytes.count else { throw failure("unterminated dictionary") }
            if bytes[position] == UInt8(ascii: ">"), bytes[position + 1] == UInt8(ascii: ">") {
                position += 2
                return .dictionary(dictionary)
            }
            guard case .name(let key) = try value() else { throw failure("dictionary key is not a name") }
            dictionary[key] = try value()
        }
    }

    private mutating func hexString() throws -> PDFValue {
        position += 1
        var digits: [UInt8] = []
        while position < bytes.count, bytes[position] != UInt8(ascii: ">") {
            let byte = bytes[position]
            position += 1
            if Self.whitespace.contains(byte) { continue }
            guard let digit = Int(String(UnicodeScalar(byte)), radix: 16) else { throw failure("bad hex digit") }
            digits.append(UInt8(digit))
        }
        guard position < bytes.count else { throw failure("unterminated hex string") }
        position += 1
        if digits.count % 2 == 1 { digits.append(0) }
        return .string(stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] })
    }

    private mutating func literalString() throws -> PDFValue {
        position += 1
        var depth = 1
        var out: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "("):
                depth += 1
                out.append(byte)
            case UInt8(ascii: ")"):
                depth -= 1
                if depth == 0 { return .string(out) }
                out.append(byte)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { break }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case 0x0D:
                    if position < bytes.count, bytes[position] == 0x0A { position += 1 }
                case 0x0A: break
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var code = Int(escaped - UInt8(ascii: "0"))
                    for _ in 0..<2 {
                        guard position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[position])
                        else { break }
                        code = code * 8 + Int(bytes[position] - UInt8(ascii: "0"))
                        position += 1
                    }
                    out.append(UInt8(code & 0xFF))
                default: out.append(escaped)
                }
            default: out.append(byte)
            }
        }
        throw failure("unterminated string")
    }
}
