/// `Lowercase`: the full Unicode lower-case mapping of every scalar, without context (Rust's
/// `char::to_lowercase`), so `İ` becomes `i̇` and `Σ` always `σ`. Added scalars share the origin of their source.
struct LowercaseNormalizer: NormalizationStep {
    func normalize(_ text: inout NormalizedText) {
        var result = NormalizedText()
        result.scalars.reserveCapacity(text.count)
        result.origins.reserveCapacity(text.count)
        for (scalar, origin) in zip(text.scalars, text.origins) {
            if scalar.isASCII {
                let value = scalar.value
                result.append(
                    value >= 0x41 && value <= 0x5A ? Unicode.Scalar(UInt8(value + 0x20)) : scalar, origin: origin)
            } else {
                for part in scalar.properties.lowercaseMapping.unicodeScalars { result.append(part, origin: origin) }
            }
        }
        text = result
    }
}
