import CHarfBuzz

/// Turns text into glyph runs: picks a font per grapheme cluster, splits by direction, shapes with HarfBuzz.
///
/// Kerning, ligatures and mark positioning come from HarfBuzz's default OpenType features. Characters that no
/// shipped or installed font covers become a visible `[U+XXXX]` placeholder in the monospace font whose text
/// layer still carries the original character.
final class TextShaper {
    /// The fonts text is set in.
    let fonts: FontLibrary
    private let buffer: OpaquePointer
    private var cache: [CacheKey: [ShapedRun]] = [:]

    private struct CacheKey: Hashable {
        var text: String
        var style: TextStyle
    }

    /// A shaper over a font library.
    ///
    /// `hb_buffer_create` never returns NULL: on allocation failure it returns HarfBuzz's inert empty buffer, on
    /// which every later allocation fails too. ``shapeRun(_:face:style:rightToLeft:)`` checks
    /// `hb_buffer_allocation_successful` after filling and shaping and falls back to unshaped glyphs, so the text
    /// is still set (without kerning or ligatures) rather than silently dropped.
    /// - Parameter buffer: The HarfBuzz buffer to shape in (tests pass `hb_buffer_get_empty()`); a new one by default.
    init(fonts: FontLibrary, buffer: OpaquePointer? = nil) {
        self.fonts = fonts
        self.buffer = buffer.map { hb_buffer_reference($0) } ?? hb_buffer_create()
    }

    deinit { hb_buffer_destroy(buffer) }

    /// Shapes text in a style.
    ///
    /// - Parameters:
    ///   - text: Text without line breaks (already sanitised).
    ///   - style: Font role, size and colours.
    /// - Returns: Runs in logical order; their widths add up to the width of the text.
    func shape(_ text: String, style: TextStyle) -> [ShapedRun] {
        if text.isEmpty { return [] }
        let key = CacheKey(text: text, style: style)
        if let cached = cache[key] { return cached }
        var runs: [ShapedRun] = []
        var pending = ""
        var pendingFace: FontFace?
        var pendingRTL = false
        func flush() {
            if let face = pendingFace, !pending.isEmpty {
                runs.append(shapeRun(pending, face: face, style: style, rightToLeft: pendingRTL))
            }
            pending = ""
            pendingFace = nil
        }
        let characters = Array(text)
        let directions = Self.resolvedDirections(characters)
        for (character, isRTL) in zip(characters, directions) {
            guard let face = fonts.face(for: character, role: style.font) else {
                flush()
                runs.append(placeholder(for: character, style: style))
                continue
            }
            if pendingFace !== face || pendingRTL != isRTL { flush() }
            pendingFace = face
            pendingRTL = isRTL
            pending.append(character)
        }
        flush()
        if cache.count > 20_000 { cache.removeAll(keepingCapacity: true) }
        cache[key] = runs
        return runs
    }

    /// The width of text in a style, in points.
    func width(of text: String, style: TextStyle) -> Double {
        shape(text, style: style).reduce(0) { $0 + $1.width }
    }

    /// The direction of each grapheme cluster in a left-to-right paragraph: strong letters keep their own;
    /// neutrals (spaces, punctuation, digits) are right-to-left only between two right-to-left letters
    /// (rules N1/N2 of UAX #9 with a left-to-right embedding level).
    static func resolvedDirections(_ characters: [Character]) -> [Bool] {
        let strong = characters.map(strongDirection(of:))
        var next = [Bool?](repeating: nil, count: characters.count)
        var following: Bool?
        for i in characters.indices.reversed() {
            next[i] = following
            if let direction = strong[i] { following = direction }
        }
        var previous: Bool?
        var resolved: [Bool] = []
        for i in characters.indices {
            if let direction = strong[i] {
                resolved.append(direction)
                previous = direction
            } else {
                resolved.append(previous == true && next[i] == true)
            }
        }
        return resolved
    }

    /// `true` for strong right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation
    /// forms), `false` for other letters, `nil` for neutrals (spaces, punctuation, digits, marks).
    static func strongDirection(of character: Character) -> Bool? {
        guard let scalar = character.unicodeScalars.first else { return nil }
        switch scalar.value {
        case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF, 0x10800...0x10FFF, 0x1E800...0x1EFFF: return true
        default: return scalar.properties.isAlphabetic ? false : nil
        }
    }

    /// Shapes one run in one font and direction.
    private func shapeRun(_ text: String, face: FontFace, style: TextStyle, rightToLeft: Bool) -> ShapedRun {
        hb_buffer_clear_contents(buffer)
        var utf8 = Array(text.utf8)
        let byteCount = utf8.count
        guard byteCount <= Int(Int32.max) else {
            return unshapedRun(text, face: face, style: style, rightToLeft: rightToLeft)
        }
        utf8.withUnsafeMutableBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                hb_buffer_add_utf8(buffer, chars.baseAddress, Int32(byteCount), 0, Int32(byteCount))
            }
        }
        hb_buffer_set_direction(buffer, rightToLeft ? HB_DIRECTION_RTL : HB_DIRECTION_LTR)
        hb_buffer_guess_segment_properties(buffer)
        hb_shape(face.harfBuzzFont, buffer, nil, 0)
        guard hb_buffer_allocation_successful(buffer) != 0 else {
            return unshapedRun(text, face: face, style: style, rightToLeft: rightToLeft)
        }
        var count: UInt32 = 0
        let infos = hb_buffer_get_glyph_infos(buffer, &count)
        let positions = hb_buffer_get_glyph_positions(buffer, &count)
        let scale = face.scale(for: style.size)
        var glyphs: [ShapedGlyph] = []
        var clusterStarts: [Int] = []
        glyphs.reserveCapacity(Int(count))
        for i in 0..<Int(count) {
            guard let info = infos?[i], let position = positions?[i] else { continue }
            glyphs.append(
                ShapedGlyph(
                    id: info.codepoint, advance: Double(position.x_advance) * scale,
                    xOffset: Double(position.x_offset) * scale, yOffset: Double(position.y_offset) * scale))
            clusterStarts.append(Int(info.cluster))
        }
        // Group glyphs into clusters in logical order (reverse the visual order for right-to-left runs).
        let logicalStarts = rightToLeft ? Array(clusterStarts.reversed()) : clusterStarts
        var groups: [(start: Int, glyphs: Int)] = []
        for start in logicalStarts {
            if let last = groups.last, last.start == start {
                groups[groups.count - 1].glyphs += 1
            } else {
                groups.append((start, 1))
            }
        }
        var clusters: [(bytes: Int, glyphs: Int)] = []
        for (i, group) in groups.enumerated() {
            let end = i + 1 < groups.count ? groups[i + 1].start : byteCount
            clusters.append((max(0, end - group.start), group.glyphs))
        }
        if let first = groups.first, first.start > 0, !clusters.isEmpty {
            clusters[0].bytes += first.start  // Bytes before the first glyph belong to the first cluster.
        }
        return ShapedRun(
            face: face, style: style, text: text, glyphs: glyphs, clusters: clusters, isRightToLeft: rightToLeft,
            isPlaceholder: false)
    }

    /// The run as nominal glyphs, one per Unicode scalar with its plain advance (no kerning, ligatures or mark
    /// positioning): used only when HarfBuzz cannot allocate, so that the text is still set and extractable.
    func unshapedRun(_ text: String, face: FontFace, style: TextStyle, rightToLeft: Bool) -> ShapedRun {
        let scale = face.scale(for: style.size)
        var glyphs: [ShapedGlyph] = []
        var clusters: [(bytes: Int, glyphs: Int)] = []
        for scalar in text.unicodeScalars {
            var glyph: hb_codepoint_t = 0
            if hb_font_get_nominal_glyph(face.harfBuzzFont, scalar.value, &glyph) == 0 { glyph = 0 }
            let advance = Double(hb_font_get_glyph_h_advance(face.harfBuzzFont, glyph)) * scale
            glyphs.append(ShapedGlyph(id: glyph, advance: advance, xOffset: 0, yOffset: 0))
            clusters.append((String(scalar).utf8.count, 1))
        }
        return ShapedRun(
            face: face, style: style, text: text, glyphs: rightToLeft ? glyphs.reversed() : glyphs,
            clusters: clusters, isRightToLeft: rightToLeft, isPlaceholder: false)
    }

    /// A visible stand-in for a grapheme cluster that no font covers: `[U+XXXX]` in the monospace font, whose
    /// single cluster maps all its glyphs back to the original character.
    private func placeholder(for character: Character, style: TextStyle) -> ShapedRun {
        let label =
            "["
            + character.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }
            .joined(separator: " ") + "]"
        var labelStyle = style
        labelStyle.font = .mono
        labelStyle.size = style.size * 0.8
        labelStyle.color = Color(hex: 0xB2182B)
        let face = fonts.face(for: .mono)
        var run = shapeRun(label, face: face, style: labelStyle, rightToLeft: false)
        run.text = String(character)
        run.clusters = [(String(character).utf8.count, run.glyphs.count)]
        run.isPlaceholder = true
        return run
    }
}
