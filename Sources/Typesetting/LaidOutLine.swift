/// One line of a laid-out paragraph.
struct LaidOutLine {
    /// Runs left to right.
    var items: [PlacedRun]
    /// Distance from the top of the line box to the baseline, in points.
    var baseline: Double
    /// Height of the line box (line spacing), in points.
    var height: Double
    /// Font size the line box was computed for.
    var size: Double
}

/// A shaped run placed on a line, `x` from the line's left edge.
struct PlacedRun {
    /// The glyphs.
    var run: ShapedRun
    /// Left edge relative to the line start, in points.
    var x: Double
    /// Width taken on the line (wider than the run for stretched spaces in justified lines).
    var width: Double
    /// Which input span the run came from; highlight boxes join across spaces of the same span.
    var spanIndex: Int
    /// Whether the run is inter-word space.
    var isSpace: Bool
}
