import Foundation
import Typesetting

/// The batch's index PDF: what the batch holds in numbers, then one row per document linking to its dossier,
/// then every failure with its reason.
enum BatchIndex {
    static func render(entries: [ManifestEntry], settings: BatchSettings, fonts: FontLibrary) throws -> Data {
        let title = "Batch index"
        let configuration = DocumentConfiguration(
            metadata: DocumentMetadata(
                title: title, subject: "Index of \(entries.count) explained decisions",
                keywords: ["attention dossier", "batch index"]),
            runningHeader: "Attention Dossier · batch index · shard \(settings.shard)")
        let document = DocumentBuilder(configuration: configuration, fonts: fonts)
        document.heading(title)
        let done = entries.filter { $0.status == .done }
        let failed = entries.filter { $0.status == .failed }
        document.table(
            Table(
                columns: [.init("Item", weight: 1), .init("Value", weight: 3.2)],
                rows: summary(done: done, failed: failed, settings: settings), caption: "What this batch holds"))
        document.paragraph(
            "Each row opens its dossier (dossiers/ beside this file). Probabilities are the model's for its decision; "
                + "trust is the dossier's verdict on how far the explanation can be trusted; fairness lists the "
                + "protected attributes whose counterfactual edit moved the decision past the template's threshold. "
                + "manifest.jsonl and manifest.csv hold the same rows with SHA-256 digests; SHA256SUMS covers every file.",
            style: TextStyle(font: .sans, size: 8.5, color: .darkGray))

        if !done.isEmpty {
            document.heading("Decisions", level: 2)
            var table = Table(
                columns: [
                    .init("Id", weight: 2.2), .init("Decision", weight: 1.1),
                    .init("P(decision)", alignment: .trailing, weight: 1), .init("Trust", weight: 0.9),
                    .init("Fairness flags", weight: 1.3), .init("Principal reason codes", weight: 1.4),
                    .init("Pages", alignment: .trailing, weight: 0.6),
                ],
                rows: done.map { entry in
                    let probability = entry.probabilities?.first { $0.label == entry.decision }?.probability
                    return [
                        entry.id, entry.decision ?? "", probability.map { String(format: "%.3f", $0) } ?? "",
                        entry.trust ?? "",
                        (entry.fairnessFlags ?? []).isEmpty
                            ? "none" : (entry.fairnessFlags ?? []).joined(separator: ", "),
                        (entry.reasons ?? []).compactMap(\.code).joined(separator: " "),
                        entry.pages.map(String.init) ?? "",
                    ]
                }, caption: "Every explained decision, by id")
            table.rowLinks = done.map(\.pdf)
            document.table(table)
            var wordings: [String: String] = [:]
            for reason in done.flatMap({ $0.reasons ?? [] }) {
                if let code = reason.code { wordings[code] = reason.wording ?? "" }
            }
            if !wordings.isEmpty {
                document.table(
                    Table(
                        columns: [.init("Code", weight: 0.5), .init("Wording in the template's taxonomy", weight: 4)],
                        rows: wordings.sorted { $0.key < $1.key }.map { [$0.key, $0.value] },
                        caption: "Reason codes used above"))
            }
        }
        if !failed.isEmpty {
            document.heading("Documents that failed", level: 2)
            document.paragraph("No dossier was made for these; the reason names the file and what is wrong.")
            document.table(
                Table(
                    columns: [.init("Id", weight: 1.2), .init("Reason", weight: 3)],
                    rows: failed.map { [$0.id, $0.error ?? ""] }, caption: "Failures"))
        }
        return try document.render()
    }

    /// The key figures as label–value rows.
    static func summary(done: [ManifestEntry], failed: [ManifestEntry], settings: BatchSettings) -> [[String]] {
        func counts(_ values: [String]) -> String {
            var tally: [String: Int] = [:]
            for value in values { tally[value, default: 0] += 1 }
            let sorted = tally.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            return sorted.isEmpty ? "none" : sorted.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        }
        let total = done.count + failed.count
        var rows = [
            [
                "Documents",
                settings.shard.count > 1
                    ? "\(total) in shard \(settings.shard) of \(settings.inputDocuments) in the input" : "\(total)",
            ],
            ["Explained", "\(done.count)"],
            ["Failed", failed.isEmpty ? "none" : "\(failed.count) (listed at the end, with reasons)"],
        ]
        if !done.isEmpty {
            rows.append(["Decisions", counts(done.compactMap(\.decision))])
            rows.append(["Trust verdicts", counts(done.compactMap(\.trust))])
            let flagged = done.filter { !($0.fairnessFlags ?? []).isEmpty }
            rows.append([
                "Fairness flags",
                flagged.isEmpty
                    ? "none" : "\(flagged.count) documents: \(counts(flagged.flatMap { $0.fairnessFlags ?? [] }))",
            ])
        }
        rows += [
            ["Model", "\(settings.model) (SHA-256 over its files \(settings.modelSHA256.prefix(16))…)"],
            ["Template", "\(settings.template) (SHA-256 \(settings.templateSHA256.prefix(16))…)"],
            ["Settings", "\(settings.audience) audience, \(settings.trustLevel) trust checks"],
            ["Tool", "Attention Dossier \(settings.toolVersion)"],
        ]
        return rows
    }
}
