/// A page size in points (1/72 inch).
public struct PageSize: Hashable, Sendable {
    /// Width in points, e.g. 595.28 for A4.
    public var width: Double
    /// Height in points, e.g. 841.89 for A4.
    public var height: Double

    /// A page size in points.
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// ISO A4, 210 × 297 mm.
    public static let a4 = PageSize(width: 595.276, height: 841.89)
    /// US Letter, 8.5 × 11 in.
    public static let usLetter = PageSize(width: 612, height: 792)
}
