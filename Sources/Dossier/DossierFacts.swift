import Attribution
import Foundation

/// What a dossier concludes from an explanation, before any wording: the windows' own decisions, what the model
/// never read, the trust verdict and the caveats a reader must not miss.
struct DossierFacts {
    let text: DocumentText
    let explanation: Explanation
    let reasons: [PrincipalReason]
    let quick: TrustCheck?
    let fairness: FairnessReport
    let windows: [DossierRecord.WindowDecision]
    let unread: [DossierRecord.UnreadSpan]
    let verdict: Verdict

    enum Verdict: String {
        case strong, moderate, weak
        case notChecked = "not checked"
    }

    init(
        text: DocumentText, explanation: Explanation, reasons: [PrincipalReason], quick: TrustCheck?,
        fairness: FairnessReport, template: DossierTemplate
    ) {
        self.fairness = fairness
        self.text = text
        self.explanation = explanation
        self.reasons = reasons
        self.quick = quick
        windows = Self.windowDecisions(explanation)
        unread = Self.unreadSpans(text: text.text, explanation: explanation)
        verdict = quick.map { Self.verdict($0, thresholds: template.thresholds) } ?? .notChecked
    }

    /// Each window's label and its probability for the document's decision.
    static func windowDecisions(_ e: Explanation) -> [DossierRecord.WindowDecision] {
        e.windows.map { window in
            let probabilities = softmax(window.logits)
            let best = probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 0
            let content = window.tokens.filter { !$0.special }
            return DossierRecord.WindowDecision(
                index: window.index, start: content.first?.start ?? 0, end: content.last?.end ?? 0,
                label: e.model.labels[best], probability: probabilities[e.prediction.index],
                agreesWithDocument: best == e.prediction.index)
        }
    }

    /// Characters that no token covers (other than white space) and tokens read as the unknown token.
    static func unreadSpans(text: String, explanation e: Explanation) -> [DossierRecord.UnreadSpan] {
        let scalars = Array(text.unicodeScalars)
        var covered = [Bool](repeating: false, count: scalars.count)
        var spans: [DossierRecord.UnreadSpan] = []
        for token in e.tokens {
            for i in token.start..<min(max(token.start, token.end), scalars.count) { covered[i] = true }
            if token.text == "[UNK]" || token.text == "<unk>" {
                spans.append(span(scalars, token.start, token.end, "unknown to the vocabulary"))
            }
        }
        var i = 0
        while i < scalars.count {
            guard !covered[i], !scalars[i].properties.isWhitespace else {
                i += 1
                continue
            }
            var j = i
            while j < scalars.count, !covered[j], !scalars[j].properties.isWhitespace { j += 1 }
            spans.append(span(scalars, i, j, "dropped by the tokenizer"))
            i = j
        }
        return spans.sorted { $0.start < $1.start }
    }

    private static func span(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int, _ reason: String)
        -> DossierRecord.UnreadSpan
    {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<max(start, end)])
        return DossierRecord.UnreadSpan(text: String(view), start: start, end: end, reason: reason)
    }

    /// Strong, moderate or weak, by the template's thresholds.
    static func verdict(_ check: TrustCheck, thresholds t: DossierThresholds) -> Verdict {
        let margin = check.dropWithoutReasons - check.meanRandomDrop
        if check.dropWithoutReasons >= t.strongMinimumDrop && margin >= t.strongMinimumMarginOverRandom {
            return .strong
        }
        return margin >= t.moderateMinimumMarginOverRandom ? .moderate : .weak
    }

    /// Whether keeping only the reasons keeps the decision.
    var reasonsSuffice: Bool? {
        quick.map { !$0.onlyReasons.decisionChanges }
    }

    /// What should make a reader doubt the output.
    func caveats() -> [String] {
        var result: [String] = []
        let disagreeing = windows.filter { !$0.agreesWithDocument }
        if !disagreeing.isEmpty {
            result.append(
                "\(disagreeing.count) of \(windows.count) windows decide differently from the document "
                    + "(\(disagreeing.map { "window \($0.index + 1): \($0.label)" }.joined(separator: ", "))).")
        }
        if verdict == .weak {
            result.append("The trust check is weak: the highlighted reasons may not be what drives the decision.")
        }
        if verdict == .notChecked {
            result.append("The explanation was not checked (trust level none).")
        }
        if !unread.isEmpty {
            result.append(
                "\(unread.count) passage\(unread.count == 1 ? "" : "s") of the document "
                    + "\(unread.count == 1 ? "was" : "were") not read as written by the model (marked in the text).")
        }
        for finding in fairness.findings where finding.flagged {
            result.append(
                "Fairness flag on \(finding.attribute.displayName): editing its mentions moves p(\(fairness.decision.label)) "
                    + "by \(Formatting.points(finding.probabilityChange)) points"
                    + (finding.decisionChanged ? " and changes the decision to \(finding.labelAfter)" : "")
                    + "; its words get \(Formatting.share(finding.attributionShare)) of the attribution.")
        }
        if reasons.isEmpty {
            result.append("No passage carries positive attribution: the decision has no principal reasons to show.")
        }
        return result
    }
}
