// Prints how long the Typesetting module takes for a 20-page text-heavy document and for one page of 72
// attention heatmaps of 512 × 512. Run: swift run -c release TypesettingBenchmark [output-folder]
import Foundation
import Typesetting

/// Seconds taken by a closure.
func measure<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try body()
    return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

/// A paragraph of varied running text with ligatures, accents and numbers.
func paragraph(_ index: Int) -> String {
    let sentences = [
        "The classifier assigned the document to the class “refund request” with probability 0.\(900 + index % 97).",
        "Attention rollout attributes most of the decision to the officially affirmed, efficiently filed claim.",
        "Gradient-weighted attention agrees on the top five tokens but differs on punctuation and stop words.",
        "Người dùng yêu cầu hoàn tiền; the Vietnamese sentence is kept as written, diacritics included.",
        "Removing the ten most attributed tokens lowers the probability by 0.\(300 + index % 61), a faithful ranking.",
        "Η ανάλυση και το резюме are quoted in their own scripts so that reviewers can check the source.",
    ]
    return (0..<7).map { sentences[($0 + index) % sentences.count] }.joined(separator: " ")
}

func textDocument(fonts: FontLibrary) -> DocumentBuilder {
    let document = DocumentBuilder(
        configuration: DocumentConfiguration(
            metadata: DocumentMetadata(title: "Benchmark: text", creator: "TypesettingBenchmark"),
            runningHeader: "Benchmark — 20 pages of text"),
        fonts: fonts)
    document.tableOfContents()
    var index = 0
    for section in 0..<11 {
        document.heading("Section \(section + 1)")
        for _ in 0..<9 {
            document.paragraph(paragraph(index))
            index += 1
        }
        let tokens = paragraph(index).split(separator: " ").enumerated().map { i, word in
            HighlightedToken(String(word), score: Double((i * 31) % 17) / 16)
        }
        document.highlightedParagraph(tokens)
    }
    return document
}

func heatmapPage(fonts: FontLibrary) throws -> DocumentBuilder {
    let n = 512
    let maps = try (0..<72).map { index -> Heatmap in
        var values = [Float](repeating: 0, count: n * n)
        let width = Float(2 + index % 12)
        for r in 0..<n {
            for c in 0...r { values[r * n + c] = expf(-Float(r - c) / width) }
        }
        return try Heatmap(
            values: values, rows: n, columns: n, title: "L\(index / 12) H\(index % 12)", normalization: .row,
            transform: .gamma(0.5))
    }
    let document = DocumentBuilder(
        configuration: DocumentConfiguration(metadata: DocumentMetadata(title: "Benchmark: heatmaps")), fonts: fonts)
    document.heatmapGrid(HeatmapGrid(maps: maps, columns: 8, title: "72 heads, 512 × 512 each"))
    return document
}

do {
    let output = CommandLine.arguments.dropFirst().first.map { URL(fileURLWithPath: $0, isDirectory: true) }
    let (fonts, fontTime) = try measure {
        // The repository's Fonts/ folder (the benchmark runs from a checkout).
        try FontLibrary(
            directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Fonts", isDirectory: true))
    }
    print(String(format: "load fonts:                 %7.3f s", fontTime))
    for attempt in 1...2 {
        let text = textDocument(fonts: fonts)
        let (textPDF, textTime) = try measure { try text.renderPDF() }
        print(
            String(
                format: "text document (run %d):      %7.3f s, %d pages, %d bytes", attempt, textTime,
                textPDF.pageCount,
                textPDF.data.count))
        if let output, attempt == 1 { try text.write(to: output.appendingPathComponent("benchmark-text.pdf")) }
    }
    let (heatmaps, buildTime) = try measure { try heatmapPage(fonts: fonts) }
    print(String(format: "build 72 matrices:          %7.3f s", buildTime))
    let (heatmapPDF, heatmapTime) = try measure { try heatmaps.render() }
    print(String(format: "72 heatmaps 512×512 page:   %7.3f s, %d bytes", heatmapTime, heatmapPDF.count))
    if let output { try heatmaps.write(to: output.appendingPathComponent("benchmark-heatmaps.pdf")) }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
