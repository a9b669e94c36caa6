import Foundation

/// Numbers as a dossier prints them: rounded to what they can support.
enum Formatting {
    /// A probability as a whole percentage, e.g. 0.993 → "99 %", 0.0004 → "< 1 %", 0.9996 → "> 99.9 %".
    static func percent(_ p: Float) -> String {
        let value = Double(p) * 100
        if value > 99.9 { return "> 99.9 %" }
        if value > 99 { return String(format: "%.1f %%", value) }
        if value < 1 { return value < 0.1 ? "< 0.1 %" : String(format: "%.1f %%", value) }
        return String(format: "%.0f %%", value)
    }

    /// A change of probability in percentage points, e.g. 0.624 → "62", 0.004 → "0.4", -0.02 → "−2".
    static func points(_ delta: Float) -> String {
        let value = Double(delta) * 100
        let magnitude = abs(value)
        if magnitude < 0.05 { return "0.0" }
        let text =
            magnitude < 10 && magnitude >= 0.05 ? String(format: "%.1f", magnitude) : String(format: "%.0f", magnitude)
        return (value < 0 && text != "0" && text != "0.0" ? "−" : "") + text
    }

    /// What a drop of probability does, in words: "lowers it by 3.2 points", "raises it by 0.4 points" or
    /// "leaves it unchanged" (under 0.05 points).
    static func effect(_ drop: Float) -> String {
        if abs(drop) < 0.0005 { return "leaves it unchanged" }
        return (drop > 0 ? "lowers it by " : "raises it by ") + points(abs(drop)) + " points"
    }

    /// A fraction as a percentage, e.g. a share 0.342 → "34 %".
    static func share(_ fraction: Float) -> String {
        let value = Double(fraction) * 100
        return value < 1 && value > 0 ? "< 1 %" : String(format: "%.0f %%", value)
    }

    /// A number with three significant digits, e.g. 0.012345 → "0.0123".
    static func significant(_ value: Float) -> String {
        guard value.isFinite else { return "—" }
        return String(format: "%.3g", Double(value))
    }

    /// A passage shortened to at most `words` words, with an ellipsis where it was cut.
    static func quote(_ text: String, words: Int = 14) -> String {
        let parts = text.split(whereSeparator: { $0.isWhitespace })
        let joined = parts.prefix(words).joined(separator: " ")
        // A quotation inside a sentence drops its own closing punctuation.
        let trimmed = String(joined.reversed().drop { ".,;:".contains($0) }.reversed())
        return parts.count > words ? trimmed + " …" : trimmed
    }

    /// List separators for a Mustache list: "; ", …, " and ", "".
    static func separators(_ count: Int) -> [String] {
        (0..<count).map { i in i == count - 1 ? "" : i == count - 2 ? " and " : "; " }
    }
}
