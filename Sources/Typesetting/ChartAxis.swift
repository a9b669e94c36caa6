import Foundation

/// Tick positions and labels for a numeric chart axis.
enum ChartAxis {
    /// "Nice" ticks (steps of 1, 2 or 5 × 10ⁿ) covering a range with about `count` intervals.
    ///
    /// - Returns: The ticks in increasing order and the step between them; the first tick is at or below
    ///   `lower`, the last at or above `upper`.
    static func ticks(lower: Double, upper: Double, count: Int = 5) -> (values: [Double], step: Double) {
        var low = lower
        var high = upper
        if !(low.isFinite && high.isFinite) { return ([0, 1], 1) }
        if high - low < 1e-12 {
            low -= 0.5
            high += 0.5
        }
        let raw = (high - low) / Double(max(count, 1))
        let magnitude = pow(10, floor(log10(raw)))
        let fraction = raw / magnitude
        let step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude
        let first = floor(low / step + 1e-9) * step
        let last = ceil(high / step - 1e-9) * step
        var values: [Double] = []
        var value = first
        while value <= last + step * 1e-6, values.count < 100 {
            values.append(abs(value) < step * 1e-9 ? 0 : value)
            value += step
        }
        return (values, step)
    }

    /// A tick label with as many decimals as the step needs, e.g. 0.25 → "0.25", 20 → "20".
    static func format(_ value: Double, step: Double) -> String {
        let decimals = step > 0 ? max(0, min(6, Int(ceil(-log10(step) - 1e-9)))) : 2
        let text = String(format: "%.\(decimals)f", value)
        return text == "-0" || text.hasPrefix("-0.") && Double(text) == 0 ? String(text.dropFirst()) : text
    }
}
