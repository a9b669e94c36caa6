import Foundation
import XCTest

@testable import Typesetting

/// Colour scales, heatmap pixels and chart axes.
final class GraphicsTests: XCTestCase {
    func testColorScalesMapDomainsToStops() {
        let sequential = ColorScale.sequential
        XCTAssertEqual(sequential.color(for: 0, in: 0...1), sequential.stops.first)
        XCTAssertEqual(sequential.color(for: 1, in: 0...1), sequential.stops.last)
        XCTAssertEqual(sequential.color(for: 7, in: 0...1), sequential.stops.last, "values above clamp")
        let diverging = ColorScale.diverging
        XCTAssertEqual(diverging.color(for: 0, in: -2...2), Color(hex: 0xF7F7F7), "zero is the neutral middle")
        XCTAssertEqual(diverging.color(for: -0.5, in: -0.5...0.2), diverging.stops.first, "uses the larger magnitude")
        XCTAssertEqual(diverging.color(for: 0.2, in: -0.5...0.2).red, diverging.color(at: 0.7).red, accuracy: 1e-12)
        XCTAssertEqual(ColorScale.viridis.color(at: .nan), ColorScale.viridis.color(at: 0.5))
        // Dark highlights get white text, light ones black.
        XCTAssertEqual(sequential.stops.last?.contrastingText, .white)
        XCTAssertEqual(sequential.stops.first?.contrastingText, .black)
    }

    func testHeatmapPixelsFollowNormalisationAndTransform() throws {
        let values: [Float] = [0, 1, 0.25, 0.5]
        let fixed = try Heatmap(values: values, rows: 2, columns: 2)
        let viridis = ColorScale.viridis
        let expected = [viridis.stops[0], viridis.stops[9], viridis.color(at: 0.25), viridis.color(at: 0.5)]
        for (index, (pixel, color)) in zip(fixed.pixels(), expected).enumerated() {
            assertPixel(pixel, color, "fixed 0...1 mapping, cell \(index)")
        }
        let row = try Heatmap(values: values, rows: 2, columns: 2, normalization: .row)
        let rowPixels = row.pixels()
        XCTAssertEqual(rowPixels[2], viridis.stops[0].pixel, "row minimum maps to the first stop")
        XCTAssertEqual(rowPixels[3], viridis.stops[9].pixel, "row maximum maps to the last stop")
        let gamma = try Heatmap(values: values, rows: 2, columns: 2, transform: .gamma(0.5))
        assertPixel(gamma.pixels()[2], viridis.color(at: 0.5), "0.25^0.5 = 0.5")
        let log = try Heatmap(values: values, rows: 2, columns: 2, transform: .logarithmic(floor: 0.01))
        XCTAssertEqual(log.transformed(0.1), 0.5, accuracy: 1e-12, "0.1 is halfway between 0.01 and 1 in log")
        XCTAssertEqual(log.transformed(0), 0)
        let zoomed = try Heatmap(values: values, rows: 2, columns: 2, rowRange: 1..<2, columnRange: 0..<2)
        XCTAssertEqual(zoomed.pixels(), Array(fixed.pixels()[2...3]))
    }

    /// Pixels come from a 1024-entry lookup table: each channel may differ by up to 2 of 255 levels.
    private func assertPixel(_ pixel: UInt32, _ color: Color, _ message: String, line: UInt = #line) {
        let channels = [(pixel >> 16) & 0xFF, (pixel >> 8) & 0xFF, pixel & 0xFF].map(Int.init)
        let target = [color.red, color.green, color.blue].map { Int(($0 * 255).rounded()) }
        let difference = zip(channels, target).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThanOrEqual(difference, 2, "\(message): max channel difference \(difference)", line: line)
    }

    func testHeatmapRejectsBadInput() {
        XCTAssertThrowsError(try Heatmap(values: [0, 1, 2], rows: 2, columns: 2, title: "L0 H0")) { error in
            XCTAssertEqual(error as? TypesettingError, .shapeMismatch(what: "heatmap 'L0 H0'", expected: 4, actual: 3))
        }
        XCTAssertThrowsError(try Heatmap(values: [0, .nan, 0, 0], rows: 2, columns: 2)) { error in
            XCTAssertTrue("\(error)".contains("row 0, column 1"), "\(error)")
        }
        XCTAssertThrowsError(try Heatmap(values: [0, 0, 0, 0], rows: 2, columns: 2, rowRange: 1..<3))
        XCTAssertThrowsError(try Heatmap(values: [0, 0, 0, 0], rows: 2, columns: 2, rowLabels: ["a"]))
        XCTAssertThrowsError(try BarChart(title: "b", categories: ["a", "b"], values: [1]))
        XCTAssertThrowsError(try BarChart(title: "b", categories: ["a"], values: [.infinity]))
        XCTAssertThrowsError(
            try LineChart(title: "l", series: [LineSeries(name: "s", x: [1, 2], y: [1], color: .black)]))
    }

    func testHeatmapIsOnePixelPerCellWithoutInterpolation() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let document = DocumentBuilder(fonts: try TestSupport.fonts())
        let values = (0..<(37 * 53)).map { Float($0 % 7) / 6 }
        document.heatmap(
            try Heatmap(
                values: values, rows: 37, columns: 53, rowLabels: (0..<37).map { "q\($0)" },
                columnLabels: (0..<53).map { "k\($0)" }, title: "Layer 0, head 0"))
        let pdf = try TestSupport.write(document, name: "heatmap.pdf", in: folder)
        let list = try TestSupport.run("pdfimages", ["-list", pdf.path]).stdout
        let row = list.split(separator: "\n").first { $0.contains(" 53 ") && $0.contains(" 37 ") }
        XCTAssertNotNil(row, "no 53×37 image in\n\(list)")
        if let row {
            let fields = row.split(separator: " ")
            // page num type width height color comp bpc enc interp ...
            XCTAssertEqual(fields[3], "53")
            XCTAssertEqual(fields[4], "37")
            XCTAssertEqual(fields[9], "no", "heatmap image must not be interpolated: \(row)")
        }
        let text = try TestSupport.text(of: pdf)
        XCTAssertTrue(text.contains("q36") && text.contains("k52") && text.contains("Layer 0, head 0"), text)
    }

    func testLargeMatrixGridRenders() throws {
        let n = 512
        var values = [Float](repeating: 0, count: n * n)
        for r in 0..<n { for c in 0...r { values[r * n + c] = Float(1) / Float(r + 1) } }
        let maps = try (0..<4).map {
            try Heatmap(
                values: values, rows: n, columns: n, title: "L\($0) H0", normalization: .matrix,
                transform: .logarithmic(floor: 0.001))
        }
        let document = DocumentBuilder(fonts: try TestSupport.fonts())
        document.heatmapGrid(HeatmapGrid(maps: maps, columns: 2, title: "512 × 512"))
        let pdf = try document.render()
        XCTAssertGreaterThan(pdf.count, 1000)
    }

    func testLargeHeatmapThinsLabelsAndZoomShowsEveryToken() throws {
        let n = 512
        var values = [Float](repeating: 0, count: n * n)
        for r in 0..<n { for c in 0..<n { values[r * n + c] = Float(1) / Float(1 + abs(r - c)) } }
        let labels = (0..<n).map { "t\($0)" }
        let full = try Heatmap(
            values: values, rows: n, columns: n, rowLabels: labels, columnLabels: labels, title: "Full 512 × 512",
            normalization: .row, transform: .logarithmic(floor: 0.001))
        var zoom = full
        zoom.title = "Zoom: tokens 100–139"
        zoom.rowRange = 100..<140
        zoom.columnRange = 100..<140
        let folder = try TestSupport.temporaryFolder(self)
        let document = DocumentBuilder(fonts: try TestSupport.fonts())
        document.heatmap(full)
        document.heatmap(zoom)
        let pdf = try TestSupport.write(document, name: "heatmap-512.pdf", in: folder)
        let words = Set(try TestSupport.text(of: pdf).split(whereSeparator: \.isWhitespace).map(String.init))
        let fullPage = Set(
            try TestSupport.text(of: pdf, firstPage: 1, lastPage: 1).split(whereSeparator: \.isWhitespace).map(
                String.init))
        let shownOnFull = labels.filter { fullPage.contains($0) }.count
        XCTAssertGreaterThan(shownOnFull, 20, "too few labels on the full map")
        XCTAssertLessThan(shownOnFull, 200, "labels on a 512-token map must be thinned, got \(shownOnFull)")
        for token in 100..<140 {
            XCTAssertTrue(words.contains("t\(token)"), "zoomed map lacks label t\(token)")
        }
    }

    func testRenderedPagesShowHighlightAndHeatmapColours() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let document = DocumentBuilder(fonts: try TestSupport.fonts())
        let strongest = ColorScale.sequential.stops[8]
        let mostNegative = ColorScale.diverging.stops[0]
        document.highlightedParagraph([
            HighlightedToken("unremarkable", score: nil), HighlightedToken("decisive", score: 1),
            HighlightedToken("words", score: 0),
        ])
        document.highlightedParagraph(
            [HighlightedToken("against", score: -0.8), HighlightedToken("neutral", score: 0)], scale: .diverging,
            domain: -0.8...0.8)
        var values = [Float](repeating: 0, count: 16 * 16)
        values[0] = 1
        document.heatmap(try Heatmap(values: values, rows: 16, columns: 16, title: "one hot"))
        let pdf = try TestSupport.write(document, name: "colours.pdf", in: folder)
        let page = try TestSupport.rasterize(pdf, page: 1, dpi: 72)
        XCTAssertEqual(Double(page.width), 595.3, accuracy: 1, "A4 at 72 dpi")
        // A word box is about 45 × 12 pt; at 72 dpi that is hundreds of pixels of the exact scale colour.
        XCTAssertGreaterThan(page.count(near: strongest), 150, "no box in \(strongest) for score 1")
        XCTAssertGreaterThan(page.count(near: mostNegative), 150, "no box in \(mostNegative) for score -0.8")
        // The heatmap: one yellow cell, the rest dark purple (viridis ends).
        let yellow = page.count(near: ColorScale.viridis.stops[9])
        let purple = page.count(near: ColorScale.viridis.stops[0])
        XCTAssertGreaterThan(yellow, 100, "hot cell missing")
        XCTAssertGreaterThan(purple, yellow * 100, "cold cells missing: \(purple) purple vs \(yellow) yellow")
    }

    func testNiceTicks() {
        let (ticks, step) = ChartAxis.ticks(lower: 0, upper: 2.1)
        XCTAssertEqual(step, 0.5)
        XCTAssertEqual(ticks, [0, 0.5, 1, 1.5, 2, 2.5])
        XCTAssertEqual(ChartAxis.ticks(lower: -0.3, upper: 2.1).values.first, -0.5)
        let flat = ChartAxis.ticks(lower: 3, upper: 3).values
        XCTAssertTrue(flat.count >= 2 && flat[0] < 3 && flat[flat.count - 1] > 3, "flat series axis: \(flat)")
        XCTAssertEqual(ChartAxis.format(0.25, step: 0.05), "0.25")
        XCTAssertEqual(ChartAxis.format(20, step: 10), "20")
        XCTAssertEqual(ChartAxis.format(-0.0001, step: 0.5), "0.0")
    }
}
