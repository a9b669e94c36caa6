/// Page margins in points; the running header and footer sit inside the top and bottom margins.
public struct Margins: Hashable, Sendable {
    /// Top margin, e.g. 64.
    public var top: Double
    /// Bottom margin, e.g. 64.
    public var bottom: Double
    /// Left margin, e.g. 56.
    public var left: Double
    /// Right margin, e.g. 56.
    public var right: Double

    /// Margins on each side.
    public init(top: Double, bottom: Double, left: Double, right: Double) {
        self.top = top
        self.bottom = bottom
        self.left = left
        self.right = right
    }

    /// The same margin on all four sides.
    public init(all: Double) { self.init(top: all, bottom: all, left: all, right: all) }

    /// 20 mm at the sides, 22 mm top and bottom.
    public static let standard = Margins(top: 62, bottom: 62, left: 56.7, right: 56.7)
}
