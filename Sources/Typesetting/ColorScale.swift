/// A continuous colour scale sampled from evenly spaced stops, mapping a value in a domain to a colour.
///
/// The presets come from ColorBrewer and matplotlib's viridis, which are designed to stay distinguishable for
/// the common forms of colour-vision deficiency and to print legibly in greyscale.
public struct ColorScale: Hashable, Sendable {
    /// How the scale reads its domain.
    public enum Kind: Hashable, Sendable {
        /// Values from `lower` (first stop) to `upper` (last stop), e.g. attributions in [0, 1].
        case sequential
        /// Signed values: zero is the middle stop, ±`upper` magnitude the ends, e.g. gradients.
        case diverging
    }

    /// The colours at evenly spaced positions from 0 to 1.
    public let stops: [Color]
    /// Sequential or diverging.
    public let kind: Kind
    /// A short name for legends and tests, e.g. "Oranges".
    public let name: String

    /// A scale from at least two stops.
    public init(name: String, kind: Kind, stops: [Color]) {
        precondition(stops.count >= 2, "a colour scale needs at least two stops")
        self.name = name
        self.kind = kind
        self.stops = stops
    }

    /// ColorBrewer "Oranges" (9 classes): white to dark orange; for attributions in [0, 1] behind text.
    public static let sequential = ColorScale(
        name: "Oranges", kind: .sequential,
        stops: [0xFFF5EB, 0xFEE6CE, 0xFDD0A2, 0xFDAE6B, 0xFD8D3C, 0xF16913, 0xD94801, 0xA63603, 0x7F2704].map {
            Color(hex: $0)
        })

    /// ColorBrewer "RdBu" (11 classes), blue for negative, white at zero, red for positive; for signed scores.
    public static let diverging = ColorScale(
        name: "RdBu", kind: .diverging,
        stops: [
            0x053061, 0x2166AC, 0x4393C3, 0x92C5DE, 0xD1E5F0, 0xF7F7F7, 0xFDDBC7, 0xF4A582, 0xD6604D, 0xB2182B,
            0x67001F,
        ].map { Color(hex: $0) })

    /// matplotlib "viridis": dark blue to yellow, perceptually uniform; for heatmaps.
    public static let viridis = ColorScale(
        name: "viridis", kind: .sequential,
        stops: [0x440154, 0x482878, 0x3E4A89, 0x31688E, 0x26828E, 0x1F9E89, 0x35B779, 0x6DCD59, 0xB4DE2C, 0xFDE725]
            .map { Color(hex: $0) })

    /// The colour at a position `t` in [0, 1] along the stops (clamped; NaN maps to the middle).
    public func color(at t: Double) -> Color {
        let clamped = t.isNaN ? 0.5 : min(max(t, 0), 1)
        let position = clamped * Double(stops.count - 1)
        let lower = min(Int(position), stops.count - 2)
        return Color.mix(stops[lower], stops[lower + 1], position - Double(lower))
    }

    /// The colour for a value in a domain.
    ///
    /// - Parameters:
    ///   - value: The score to colour.
    ///   - domain: For sequential scales the range mapped onto the stops, e.g. `0...1`; for diverging scales
    ///     the largest magnitude is taken as the end of both halves, e.g. `-0.8...0.8`.
    public func color(for value: Double, in domain: ClosedRange<Double>) -> Color {
        color(at: position(of: value, in: domain))
    }

    /// Where a value falls on the stops, in [0, 1].
    public func position(of value: Double, in domain: ClosedRange<Double>) -> Double {
        switch kind {
        case .sequential:
            let width = domain.upperBound - domain.lowerBound
            return width > 0 ? (value - domain.lowerBound) / width : 0.5
        case .diverging:
            let magnitude = max(abs(domain.lowerBound), abs(domain.upperBound))
            return magnitude > 0 ? 0.5 + 0.5 * value / magnitude : 0.5
        }
    }
}
