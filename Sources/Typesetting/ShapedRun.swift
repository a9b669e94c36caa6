/// One glyph placed by HarfBuzz, in points.
struct ShapedGlyph: Equatable {
    /// The glyph index in the run's font.
    var id: UInt32
    /// How far the pen moves after the glyph.
    var advance: Double
    /// Horizontal offset from the pen position.
    var xOffset: Double
    /// Vertical offset from the baseline, upwards positive.
    var yOffset: Double
}

/// A run of glyphs in one font, size and direction, with the source text it came from.
///
/// `clusters` maps the UTF-8 bytes of `text` to glyphs in logical order (for right-to-left runs the glyphs are in
/// visual order and Cairo reads the clusters backward); this is what Cairo's `cairo_show_text_glyphs` writes to
/// the PDF so that copying or extracting text yields the source text, ligatures and accents included.
struct ShapedRun {
    /// The font the glyphs belong to.
    var face: FontFace
    /// The look of the run (size, colour, background).
    var style: TextStyle
    /// The source text.
    var text: String
    /// Glyphs in visual order.
    var glyphs: [ShapedGlyph]
    /// (UTF-8 bytes, glyphs) pairs in logical order, covering all of `text` and all glyphs.
    var clusters: [(bytes: Int, glyphs: Int)]
    /// Whether the run was shaped right to left.
    var isRightToLeft: Bool
    /// Whether the glyphs are a placeholder for characters no font covers.
    var isPlaceholder: Bool

    /// The sum of the advances, in points.
    var width: Double { glyphs.reduce(0) { $0 + $1.advance } }
}
