import Attribution
import Dossier
import Foundation
import Typesetting

/// `dossier heads`: a head census over a batch's sidecars or a corpus, typeset as a PDF.
public enum HeadsReport {
    /// The census of a finished batch folder, from its dossiers' JSON sidecars.
    /// - Throws: `BatchError.input` for a folder without a manifest or an unreadable sidecar.
    public static func census(batchFolder folder: URL) throws -> HeadCensus {
        let entries = try Manifest.read(folder.appendingPathComponent("manifest.jsonl")).entries
        var tally = HeadCensus.Tally()
        for entry in entries where entry.status == .done {
            guard let path = entry.json else { continue }
            let url = folder.appendingPathComponent(path)
            guard let data = FileManager.default.contents(atPath: url.path),
                let record = try? JSONDecoder().decode(DossierRecord.self, from: data)
            else { throw BatchError.input(file: url.path, detail: "not a readable dossier record") }
            try tally.add(record.explanation)
        }
        return try tally.census()
    }

    /// The census of a corpus (a folder, JSONL or CSV as for `dossier batch`): each document explained without
    /// faithfulness curves. Documents that fail are skipped and returned with their reasons.
    public static func census(corpus: URL, explainer: Explainer) throws -> (HeadCensus, failures: [String]) {
        var tally = HeadCensus.Tally()
        var failures: [String] = []
        for item in try BatchInput.read(corpus) {
            do {
                let text: String
                switch item.source {
                case .file(let url): text = try DocumentText.load(url).text
                case .text(let inline): text = inline
                case .invalid(let reason): throw BatchError.input(file: item.origin, detail: reason)
                }
                try tally.add(try explainer.explain(text, options: Explainer.Options(faithfulness: false)))
            } catch {
                failures.append("\(error)")
            }
        }
        return (try tally.census(), failures)
    }

    /// Typesets the census.
    public static func render(_ census: HeadCensus, source: String, model: String, fonts: FontLibrary) throws -> Data {
        let configuration = DocumentConfiguration(
            metadata: DocumentMetadata(
                title: "Head census", subject: "Attention-head importance and roles over \(census.documents) documents",
                keywords: ["attention dossier", "attention heads", "head importance"]),
            runningHeader: "Attention Dossier · head census")
        let document = DocumentBuilder(configuration: configuration, fonts: fonts)
        document.heading("Head census")
        let decisions = census.decisions.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        let candidates = census.heads.filter(\.pruningCandidate)
        let ranked = census.heads.sorted { $0.meanShare > $1.meanShare }
        let topFive = ranked.prefix(5).reduce(0) { $0 + $1.meanShare }
        document.paragraph(
            "\(census.documents) documents from \(source), model \(model) (\(census.layers) layers × "
                + "\(census.headsPerLayer) heads). Decisions: \(decisions.joined(separator: ", ")). The five most "
                + "important heads carry \(percent(topFive)) of the decisions' head importance on average; "
                + "\(candidates.count) of \(census.heads.count) heads are pruning candidates.")
        document.paragraph(
            "A head's importance in one document is |Σ A ⊙ ∂logit/∂A| (Michel et al. 2019), the first-order change "
                + "of the decision's logit if the head were masked; here it is taken as a share of the document's "
                + "total and averaged over documents. A head's role is the behaviour its attention shows (Clark et "
                + "al. 2019; Voita et al. 2019); consistency is how often the same role is assigned. A pruning "
                + "candidate has a mean share under a quarter of the uniform share "
                + "(\(percent(census.uniformShare / 4))) and is in no document's top 10. This is a first-order "
                + "estimate, not an ablation: prune only after re-evaluating the model with the heads masked.",
            style: TextStyle(font: .sans, size: 8.5, color: .darkGray))

        document.heading("Importance by layer and head", level: 2)
        let map = try Heatmap(
            values: census.heads.map { Float($0.meanShare) }, rows: census.layers, columns: census.headsPerLayer,
            rowLabels: (1...census.layers).map { "L\($0)" }, columnLabels: (1...census.headsPerLayer).map { "H\($0)" },
            title: "Mean share of head importance", normalization: .matrix, transform: .gamma(0.6), side: 260)
        document.heatmap(
            map,
            alternativeText: "Mean importance share per head; the largest is layer \((ranked.first?.layer ?? 0) + 1) "
                + "head \((ranked.first?.head ?? 0) + 1) at \(percent(ranked.first?.meanShare ?? 0)).")

        document.table(
            Table(
                columns: headColumns, rows: ranked.prefix(12).map(row),
                caption: "The 12 heads the decisions depend on most"))
        if !candidates.isEmpty {
            document.table(
                Table(
                    columns: headColumns, rows: candidates.sorted { $0.meanShare < $1.meanShare }.map(row),
                    caption: "Pruning candidates (low importance in every document)"))
        }
        var roleCounts: [String: (heads: Int, consistency: Double)] = [:]
        for head in census.heads {
            let current = roleCounts[head.role] ?? (0, 0)
            roleCounts[head.role] = (current.heads + 1, current.consistency + head.roleConsistency)
        }
        document.table(
            Table(
                columns: [
                    .init("Role", weight: 2), .init("Heads", alignment: .trailing),
                    .init("Mean consistency", alignment: .trailing),
                ],
                rows: roleCounts.sorted {
                    $0.value.heads != $1.value.heads ? $0.value.heads > $1.value.heads : $0.key < $1.key
                }
                .map { [$0.key, "\($0.value.heads)", percent($0.value.consistency / Double($0.value.heads))] },
                caption: "Specialisation: each head's most frequent role"))
        return try document.render()
    }

    static let headColumns: [Table.Column] = [
        .init("Head"), .init("Mean share", alignment: .trailing), .init("± sd", alignment: .trailing),
        .init("In top 10", alignment: .trailing), .init("Role", weight: 1.6),
        .init("Same role", alignment: .trailing), .init("Entropy (nats)", alignment: .trailing),
        .init("Distance (tokens)", alignment: .trailing),
    ]

    static func row(_ head: HeadCensus.Head) -> [String] {
        [
            "L\(head.layer + 1) H\(head.head + 1)", percent(head.meanShare), percent(head.shareDeviation),
            percent(head.topTenRate), head.role, percent(head.roleConsistency),
            String(format: "%.2f", head.meanEntropy),
            String(format: "%.1f", head.meanDistance),
        ]
    }

    static func percent(_ value: Double) -> String { String(format: "%.1f %%", 100 * value) }
}
