import Foundation

/// `NFD`, `NFKD`, `NFC`, `NFKC`, with the alignment `tokenizers` computes.
///
/// Mirrors the iterators of the `unicode-normalization-alignments` crate that `NormalizedString::nfc` and its
/// siblings feed to `transform`: each scalar is decomposed (the first part replaces it, the others are
/// inserted), pending combining marks are sorted stably by combining class before each starter, and for the
/// composed forms a starter absorbs each following mark it composes with (the absorbed mark is removed).
/// Which scalars decompose and which are marks follows ``UnicodeNormalizationTables`` (the crate's Unicode
/// version); the mappings themselves come from Foundation, and compositions are checked against them because
/// Foundation on Linux composes a supplementary-plane starter as if it were its low 16 bits.
struct UnicodeNormalizer: NormalizationStep {
    /// The normalisation form.
    enum Form: String, Sendable {
        case nfd = "NFD"
        case nfkd = "NFKD"
        case nfc = "NFC"
        case nfkc = "NFKC"

        var compatible: Bool { self == .nfkd || self == .nfkc }
        var composes: Bool { self == .nfc || self == .nfkc }
    }

    let form: Form

    func normalize(_ text: inout NormalizedText) {
        guard !text.scalars.isEmpty else { return }
        let decomposed = decompose(text.scalars)
        text.transform(form.composes ? Self.recompose(decomposed) : decomposed, initialOffset: 0)
    }

    // MARK: - Decomposition (`decompose.rs`)

    /// The scalars this form decomposes, as `tokenizers` knows them.
    private var decomposable: [(UInt32, UInt32)] {
        form.compatible
            ? UnicodeNormalizationTables.compatiblyDecomposable : UnicodeNormalizationTables.canonicallyDecomposable
    }

    /// The canonical combining class, 0 for marks `tokenizers` does not know yet.
    private static func combiningClass(_ scalar: Unicode.Scalar) -> UInt8 {
        guard scalar.value >= 0x300,
            BertCharacterTables.contains(UnicodeNormalizationTables.combiningMarks, scalar.value)
        else { return 0 }
        return UInt8(scalar.properties.canonicalCombiningClass.rawValue)
    }

    private func decompose(_ scalars: [Unicode.Scalar]) -> [(scalar: Unicode.Scalar, change: Int)] {
        var output: [(scalar: Unicode.Scalar, change: Int)] = []
        output.reserveCapacity(scalars.count)
        // Pending (class, scalar, change) entries since the last starter, sorted stably when a starter arrives.
        var pending: [(ccc: UInt8, scalar: Unicode.Scalar, change: Int)] = []
        func flush() {
            if pending.count > 1 {
                // A stable sort by combining class (Swift's sort is not guaranteed stable: sort indices).
                pending = pending.enumerated().sorted { ($0.element.ccc, $0.offset) < ($1.element.ccc, $1.offset) }
                    .map(\.element)
            }
            for entry in pending { output.append((entry.scalar, entry.change)) }
            pending.removeAll(keepingCapacity: true)
        }
        var cache: [Unicode.Scalar: [Unicode.Scalar]] = [:]
        for scalar in scalars {
            let parts: [Unicode.Scalar]
            if scalar.value < 0xA0 || !BertCharacterTables.contains(decomposable, scalar.value) {
                parts = [scalar]
            } else if let cached = cache[scalar] {
                parts = cached
            } else {
                let string = String(scalar)
                let mapped =
                    form.compatible
                    ? string.decomposedStringWithCompatibilityMapping : string.decomposedStringWithCanonicalMapping
                parts = Array(mapped.unicodeScalars)
                cache[scalar] = parts
            }
            for (index, part) in parts.enumerated() {
                let ccc = Self.combiningClass(part)
                if ccc == 0 { flush() }
                pending.append((ccc, part, index == 0 ? 0 : 1))
            }
        }
        flush()
        return output
    }

    // MARK: - Recomposition (`recompose.rs`)

    /// Hangul syllable composition, done by arithmetic (Foundation on Linux does not join LV + T).
    private static func composeHangul(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> Unicode.Scalar? {
        let (syllableBase, leadBase, vowelBase, trailBase): (UInt32, UInt32, UInt32, UInt32) = (
            0xAC00, 0x1100, 0x1161, 0x11A7
        )
        let (vowelCount, trailCount, syllableCount): (UInt32, UInt32, UInt32) = (21, 28, 11172)
        let a = first.value
        let b = second.value
        if a >= leadBase && a < leadBase + 19 && b >= vowelBase && b < vowelBase + vowelCount {
            return Unicode.Scalar(syllableBase + ((a - leadBase) * vowelCount + (b - vowelBase)) * trailCount)
        }
        if a >= syllableBase && a < syllableBase + syllableCount && (a - syllableBase) % trailCount == 0
            && b > trailBase && b < trailBase + trailCount
        {
            return Unicode.Scalar(a + (b - trailBase))
        }
        return nil
    }

    private static func recompose(_ input: [(scalar: Unicode.Scalar, change: Int)]) -> [(
        scalar: Unicode.Scalar, change: Int
    )] {
        var output: [(scalar: Unicode.Scalar, change: Int)] = []
        output.reserveCapacity(input.count)
        var composee: (scalar: Unicode.Scalar, change: Int)? = nil
        var lastClass: UInt8? = nil
        var buffer: [(scalar: Unicode.Scalar, change: Int)] = []
        var pairs: [UInt64: Unicode.Scalar?] = [:]
        func compose(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> Unicode.Scalar? {
            if second.value < 0x300 { return nil }  // no primary composite has an earlier second part
            if let hangul = composeHangul(first, second) { return hangul }
            let key = UInt64(first.value) << 32 | UInt64(second.value)
            if let known = pairs[key] { return known }
            let pair = String(String.UnicodeScalarView([first, second]))
            let composed = pair.precomposedStringWithCanonicalMapping.unicodeScalars
            var result: Unicode.Scalar? = nil
            // A primary composite `tokenizers` knows, whose decomposition really is this pair.
            if composed.count == 1, let candidate = composed.first,
                BertCharacterTables.contains(UnicodeNormalizationTables.canonicallyDecomposable, candidate.value),
                String(candidate).decomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(
                    pair.decomposedStringWithCanonicalMapping.unicodeScalars)
            {
                result = candidate
            }
            pairs[key] = .some(result)
            return result
        }
        for (scalar, change) in input {
            let ccc = combiningClass(scalar)
            guard let starter = composee else {
                if ccc != 0 {
                    output.append((scalar, change))
                } else {
                    composee = (scalar, change)
                }
                continue
            }
            if let last = lastClass, last >= ccc {
                // Blocked from the starter.
                if ccc == 0 {
                    output.append(starter)
                    output.append(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                    composee = (scalar, change)
                    lastClass = nil
                } else {
                    buffer.append((scalar, change))
                    lastClass = ccc
                }
                continue
            }
            if let composed = compose(starter.scalar, scalar) {
                composee = (composed, starter.change + change - 1)
                continue
            }
            if lastClass == nil && ccc == 0 {
                output.append(starter)
                composee = (scalar, change)
                continue
            }
            buffer.append((scalar, change))
            lastClass = ccc
        }
        // At the end the starter comes out first, then the marks it did not absorb.
        if let composee { output.append(composee) }
        output.append(contentsOf: buffer)
        return output
    }
}
