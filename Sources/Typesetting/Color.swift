import Foundation

/// An opaque sRGB colour with components in [0, 1].
public struct Color: Hashable, Sendable {
    /// Red, 0…1.
    public var red: Double
    /// Green, 0…1.
    public var green: Double
    /// Blue, 0…1.
    public var blue: Double

    /// A colour from components in [0, 1]; values outside are clamped.
    public init(red: Double, green: Double, blue: Double) {
        self.red = min(max(red, 0), 1)
        self.green = min(max(green, 0), 1)
        self.blue = min(max(blue, 0), 1)
    }

    /// A colour from a 24-bit `0xRRGGBB` value.
    public init(hex: UInt32) {
        self.init(
            red: Double((hex >> 16) & 0xFF) / 255, green: Double((hex >> 8) & 0xFF) / 255,
            blue: Double(hex & 0xFF) / 255)
    }

    public static let black = Color(hex: 0x000000)
    public static let white = Color(hex: 0xFFFFFF)
    /// Dark grey for secondary text, e.g. headers and captions.
    public static let darkGray = Color(hex: 0x404040)
    /// Mid grey for rules and axes.
    public static let gray = Color(hex: 0x808080)
    /// Light grey for table stripes and grid lines.
    public static let lightGray = Color(hex: 0xEEEEEE)
    /// Blue used for links and the first chart series.
    public static let accent = Color(hex: 0x1F5FAD)

    /// WCAG relative luminance, 0 (black) … 1 (white).
    public var luminance: Double {
        func linear(_ c: Double) -> Double { c <= 0.040_45 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// Black or white, whichever reads better on this colour as a background.
    public var contrastingText: Color { luminance > 0.22 ? .black : .white }

    /// The colour as a 32-bit `0x00RRGGBB` pixel (Cairo `RGB24`).
    var pixel: UInt32 {
        UInt32((red * 255).rounded()) << 16 | UInt32((green * 255).rounded()) << 8 | UInt32((blue * 255).rounded())
    }

    /// Linear interpolation between two colours in sRGB, `t` in [0, 1].
    static func mix(_ a: Color, _ b: Color, _ t: Double) -> Color {
        Color(
            red: a.red + (b.red - a.red) * t, green: a.green + (b.green - a.green) * t,
            blue: a.blue + (b.blue - a.blue) * t)
    }
}
