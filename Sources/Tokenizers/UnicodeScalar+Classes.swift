/// The character classes Hugging Face `tokenizers` uses in BERT normalisation and pre-tokenisation
/// (`normalizers/bert.rs`, `pre_tokenizers/bert.rs`) and in the GPT-2 pre-tokeniser regex.
extension Unicode.Scalar {
    /// BERT whitespace: tab, newline, carriage return, or the Unicode `White_Space` property.
    var isBertWhitespace: Bool {
        switch value {
        case 0x09, 0x0A, 0x0D, 0x20: return true
        case 0x21..<0x80: return false
        default: return properties.isWhitespace
        }
    }

    /// BERT control characters, removed by `clean_text` together with U+0000 and U+FFFD: general categories
    /// Cc, Cf and Co except tab, newline and carriage return, as `tokenizers`' tables have them (unassigned
    /// code points and format characters newer than those tables are kept).
    var isRemovedByCleanText: Bool {
        switch value {
        case 0x09, 0x0A, 0x0D, 0x20..<0x7F: return false
        default: return BertCharacterTables.contains(BertCharacterTables.removedByCleanText, value)
        }
    }

    /// BERT punctuation: every ASCII punctuation character (including `$+<=>^`|~`, which Unicode calls
    /// symbols) and Unicode punctuation P* as `tokenizers`' tables have it.
    var isBertPunctuation: Bool {
        let v = value
        if v < 0x80 {
            return (0x21...0x2F).contains(v) || (0x3A...0x40).contains(v) || (0x5B...0x60).contains(v)
                || (0x7B...0x7E).contains(v)
        }
        return BertCharacterTables.contains(BertCharacterTables.punctuation, v)
    }

    /// The CJK ideograph blocks BERT isolates (`is_chinese_char` in `tokenizers`, whose sixth range starts at
    /// U+2B920, not U+2B820 as in the original Python BERT).
    var isBertChineseCharacter: Bool {
        switch value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
            0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }

    /// Whether the general category is nonspacing mark (Mn) in `tokenizers`' tables: the marks accent
    /// stripping removes.
    var isNonspacingMark: Bool {
        value >= 0x300 && BertCharacterTables.contains(BertCharacterTables.nonspacingMarks, value)
    }

    /// The GPT-2 regex class of the scalar: letter (`\p{L}`), number (`\p{N}`), whitespace (`\s`) or other.
    var gpt2Class: GPT2CharacterClass {
        let v = value
        if v < 0x80 {
            switch v {
            case 0x41...0x5A, 0x61...0x7A: return .letter
            case 0x30...0x39: return .number
            case 0x09...0x0D, 0x20: return .whitespace
            default: return .other
            }
        }
        let properties = self.properties
        if properties.isWhitespace { return .whitespace }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return .letter
        case .decimalNumber, .letterNumber, .otherNumber:
            return .number
        default:
            return .other
        }
    }
}

/// The classes the GPT-2 pre-tokeniser regex distinguishes.
enum GPT2CharacterClass: UInt8 {
    case letter
    case number
    case whitespace
    case other
}
