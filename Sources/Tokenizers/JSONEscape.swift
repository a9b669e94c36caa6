/// JSON string escapes, as both vocabulary readers (``VocabularyScanner``, ``VocabularySplit``) decode them.
enum JSONEscape {
    /// The byte a one-character escape stands for (`\"` `\\` `\/` `\b` `\f` `\n` `\r` `\t`); nil for `\u` and for
    /// anything JSON does not allow.
    static func byte(escaped: UInt8) -> UInt8? {
        switch escaped {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): escaped
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "t"): 0x09
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        default: nil
        }
    }

    /// The scalar value a `\uD8xx\uDCxx` surrogate pair stands for (`high` in D800–DBFF, `low` in DC00–DFFF).
    static func scalarValue(high: UInt32, low: UInt32) -> UInt32 {
        0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
    }
}
