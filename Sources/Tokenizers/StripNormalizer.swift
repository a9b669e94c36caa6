/// `Strip`: removes leading and/or trailing whitespace (the Unicode `White_Space` property, as Rust's
/// `char::is_whitespace`).
struct StripNormalizer: NormalizationStep {
    /// `strip_left`.
    var left: Bool
    /// `strip_right`.
    var right: Bool

    func normalize(_ text: inout NormalizedText) {
        let count = text.count
        var start = 0
        if left {
            while start < count && text.scalars[start].properties.isWhitespace { start += 1 }
        }
        var end = count
        if right {
            while end > start && text.scalars[end - 1].properties.isWhitespace { end -= 1 }
        }
        guard start > 0 || end < count else { return }
        text = text.slice(start..<end)
    }
}
