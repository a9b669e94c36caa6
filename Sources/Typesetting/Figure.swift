/// Something drawn in a box of the content width: charts, heatmaps, legends.
protocol Figure {
    /// The height the figure wants at a width, in points.
    func height(forWidth width: Double) -> Double
    /// Draws the figure in a rectangle.
    func draw(in context: RenderContext, x: Double, y: Double, width: Double, height: Double) throws
}
