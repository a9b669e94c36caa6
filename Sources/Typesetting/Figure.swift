/// Something drawn in a box of the content width: charts, heatmaps, legends.
protocol Figure {
    /// The height the figure wants at a width, in points.
    func height(forWidth width: Double) -> Double
    /// A generic description for readers who cannot see the figure, used as its `/Alt` text when the caller
    /// gives none, e.g. "Heatmap: Layer 3, head 7 (12 × 12)".
    var defaultAlternativeText: String { get }
    /// Draws the figure in a rectangle.
    func draw(in context: RenderContext, x: Double, y: Double, width: Double, height: Double) throws
}
