import Foundation

extension DossierRecord {
    /// The few lines `dossier explain` prints: the decision, the reasons, the verdict and the caveats.
    /// - Parameters:
    ///   - pdf: The dossier's path, when one was written.
    ///   - pages: Its page count.
    public func consoleSummary(pdf: String?, pages: Int) -> String {
        let probabilities = decision.probabilities
            .map { "\($0.label) \(String(format: "%.3f", $0.probability))" }.joined(separator: ", ")
        var lines = [
            "\(document.name): \(decision.label) (\(probabilities))",
            "  \(document.tokens) tokens in \(windows.count) window(s), explaining '\(decision.explainedLabel)'",
        ]
        for reason in reasons {
            let code = reason.code.map { " [\($0)]" } ?? ""
            let quote = reason.text.split(whereSeparator: \.isWhitespace).prefix(16).joined(separator: " ")
            lines.append("  \(reason.rank). \(quote)  (\(String(format: "%.0f", reason.share * 100)) %)\(code)")
        }
        lines.append("  trust: \(trust.verdict)")
        for caveat in caveats { lines.append("  caution: \(caveat)") }
        if let pdf { lines.append("  dossier: \(pdf) (\(pages) pages)") }
        return lines.joined(separator: "\n")
    }
}
