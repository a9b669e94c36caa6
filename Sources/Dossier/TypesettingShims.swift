// Temporary: until the Typesetting attachments/tagging API lands.
import Foundation
import Typesetting

struct PDFAttachment {
    var name: String
    var data: Data
    var mimeType: String
    var description: String
}

extension DocumentBuilder {
    func attach(_ attachment: PDFAttachment) {}
    func barChart(_ chart: BarChart, alternativeText: String?) { barChart(chart) }
    func lineChart(_ chart: LineChart, alternativeText: String?) { lineChart(chart) }
    func heatmap(_ map: Heatmap, alternativeText: String?) { heatmap(map) }
    func heatmapGrid(_ grid: HeatmapGrid, alternativeText: String?) { heatmapGrid(grid) }
    func colorLegend(_ legend: ColorLegend, alternativeText: String?) { colorLegend(legend) }
}

extension DocumentConfiguration {
    init(
        pageSize: PageSize, metadata: DocumentMetadata, runningHeader: String?, footerFormat: String, bodySize: Double,
        headingSizes: [Double], language: String
    ) {
        self.init(
            pageSize: pageSize, metadata: metadata, runningHeader: runningHeader, footerFormat: footerFormat,
            bodySize: bodySize, headingSizes: headingSizes)
    }
}

enum PDFAttachments {
    static func extract(from pdf: Data) throws -> [String: Data] { [:] }
}
