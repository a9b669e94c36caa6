/// Finds line-break opportunities in text, following the main rules of Unicode Standard Annex #14.
///
/// Implemented classes: mandatory breaks (BK/LF, after which a line must end), spaces (SP: break after a run of
/// spaces), glue (GL: no-break space, word joiner), zero-width space (ZW), hyphens and dashes (HY/BA: break after),
/// em dash (B2: break before and after), ideographs and kana (ID: break before and after), closing punctuation
/// (CL/CP/EX/IS/NS: never break before), opening punctuation (OP: never break after), and the solidus (SY: break
/// after unless a digit follows, so URLs can wrap at slashes). Everything else is treated as alphabetic (AL) and
/// does not break internally. Breaks fall only between grapheme clusters, so combining marks stay on their base.
/// See https://www.unicode.org/reports/tr14/.
enum LineBreaker {
    /// A piece of text between two break opportunities.
    struct Segment: Equatable {
        /// The characters before any trailing spaces, as a range into the input.
        var word: Range<Int>
        /// The trailing spaces, which hang past the line end when the line breaks here.
        var spaces: Range<Int>
        /// Whether a line must end after this segment (newline).
        var mandatoryBreak: Bool
    }

    /// A simplified UAX #14 line-break class.
    enum BreakClass: Equatable {
        case mandatory, space, glue, zeroWidthSpace, hyphen, emDash, ideographic, closing, opening, solidus
        case numeric, alphabetic
    }

    /// The break class of a grapheme cluster, from its first scalar.
    static func breakClass(of character: Character) -> BreakClass {
        guard let scalar = character.unicodeScalars.first else { return .alphabetic }
        switch scalar.value {
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: return .mandatory
        case 0x20: return .space
        case 0xA0, 0x202F, 0x2060, 0xFEFF, 0x2007, 0x2011, 0x0F0C: return .glue
        case 0x200B: return .zeroWidthSpace
        case 0x2D, 0x2010, 0x2012, 0x2013, 0xAD, 0x7C: return .hyphen
        case 0x2014, 0x2E3A, 0x2E3B: return .emDash
        case 0x2F: return .solidus
        case 0x30...0x39: return .numeric
        case 0x29, 0x5D, 0x7D, 0x21, 0x3F, 0x2C, 0x2E, 0x3A, 0x3B, 0x2019, 0x201D, 0x00BB, 0x2026,
            0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F, 0xFF09, 0x3009, 0x300B, 0x300D, 0x300F,
            0x3011, 0x3015, 0x3017, 0x3019, 0x301B, 0x30FC, 0x3005, 0x309D, 0x309E, 0x30FD, 0x30FE,
            0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085, 0x3087, 0x308E,
            0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30C3, 0x30E3, 0x30E5, 0x30E7, 0x30EE, 0x30F5, 0x30F6:
            return .closing
        case 0x28, 0x5B, 0x7B, 0x2018, 0x201C, 0x00AB, 0xFF08, 0x3008, 0x300A, 0x300C, 0x300E, 0x3010, 0x3014,
            0x3016, 0x3018, 0x301A:
            return .opening
        case 0x1100...0x115F, 0x2E80...0x2FFF, 0x3000, 0x3003...0x3004, 0x3006...0x3007, 0x3012...0x3013,
            0x3020...0x303F, 0x3040...0x30FF, 0x3100...0x31FF, 0x3200...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x1F300...0x1FAFF, 0x20000...0x3FFFD:
            return .ideographic
        default: return .alphabetic
        }
    }

    /// Whether a line may break between two adjacent grapheme clusters (the mandatory case is handled apart).
    static func mayBreak(after before: BreakClass, before after: BreakClass) -> Bool {
        if after == .space || after == .glue || before == .glue { return false }
        if after == .closing || after == .zeroWidthSpace || after == .mandatory { return false }
        if before == .space || before == .zeroWidthSpace { return true }
        if before == .opening { return false }
        if before == .hyphen { return after != .numeric && after != .hyphen }
        if before == .solidus { return after != .numeric && after != .solidus }
        if before == .emDash || after == .emDash { return true }
        if before == .ideographic || after == .ideographic { return after != .hyphen }
        return false
    }

    /// Splits text into segments at every break opportunity.
    ///
    /// - Parameter characters: The text as grapheme clusters.
    /// - Returns: Segments covering the input in order, each ending at a break opportunity or the end of text.
    static func segments(of characters: [Character]) -> [Segment] {
        var segments: [Segment] = []
        var start = 0
        var index = 0
        let classes = characters.map(breakClass(of:))
        while index < characters.count {
            if classes[index] == .mandatory {
                segments.append(Segment(word: start..<index, spaces: index..<index + 1, mandatoryBreak: true))
                index += 1
                start = index
                continue
            }
            var next = index + 1
            if classes[index] == .space {
                // The run of spaces belongs to the segment it ends.
                let wordEnd = index
                while next < characters.count, classes[next] == .space { next += 1 }
                let breaks = next == characters.count || mayBreak(after: .space, before: classes[next])
                if breaks, next < characters.count, classes[next] != .mandatory {
                    segments.append(Segment(word: start..<wordEnd, spaces: wordEnd..<next, mandatoryBreak: false))
                    start = next
                }
                index = next
                continue
            }
            if next < characters.count, mayBreak(after: classes[index], before: classes[next]) {
                segments.append(Segment(word: start..<next, spaces: next..<next, mandatoryBreak: false))
                start = next
            }
            index = next
        }
        if start < characters.count || segments.isEmpty {
            var end = characters.count
            while end > start, classes[end - 1] == .space { end -= 1 }
            segments.append(Segment(word: start..<end, spaces: end..<characters.count, mandatoryBreak: false))
        }
        return segments
    }
}
