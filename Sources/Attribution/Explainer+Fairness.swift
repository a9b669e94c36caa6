import Foundation
import Models

extension Explainer {
    /// Probes a decision for the influence of protected attributes (Regulation B, 12 CFR 1002.2(z), plus names).
    ///
    /// Finds the mentions of each attribute with the lexicon, writes one counterfactual text per attribute in
    /// which every mention of it is edited (swapped to its partner value, neutralised or, for names, removed),
    /// re-tokenises, and runs the original and all counterfactuals in one batched ``predict(documents:windowSize:stride:batchSize:)``
    /// call with the explanation's window size and stride. Each attribute's finding reports p(decision) before and
    /// after, whether the label changes, and the share of positive attribution (``FairnessOptions/method``) its
    /// mention words get; it is flagged when |Δp| ≥ the probability threshold, the label changes, or the share ≥
    /// the share threshold.
    ///
    /// - Parameters:
    ///   - text: The document text that `explanation` explains.
    ///   - explanation: The explanation of `text` (its words, prediction and window plan are used).
    ///   - options: Thresholds, attributes, lexicon, method and batch size.
    /// - Returns: The report; `findings` is empty when no attribute is mentioned.
    /// - Throws: ``AttributionError/explanationMismatch(textCharacters:explanationCharacters:)`` when the
    ///   explanation is of another text, ``AttributionError/invalidWindow(size:stride:maximum:)`` for its window,
    ///   ``AttributionError/invalidThreshold(name:value:)`` for a negative or non-finite threshold, ``AttributionError/nonFinite(directory:what:value:)`` when the model returns a
    ///   non-finite probability, ``AttributionError/unknownTarget(_:labels:)`` when the explanation's decision is
    ///   not one of the model's labels, and `ModelError` if the model rejects the input.
    public func probeFairness(_ text: String, explanation: Explanation, options: FairnessOptions = .init()) throws
        -> FairnessReport
    {
        for (name, threshold) in [
            ("probability threshold", options.probabilityThreshold), ("share threshold", options.shareThreshold),
        ] where !threshold.isFinite || threshold < 0 {
            throw AttributionError.invalidThreshold(name: name, value: threshold)
        }
        let characters = text.unicodeScalars.count
        guard explanation.document.characters == characters else {
            throw AttributionError.explanationMismatch(
                textCharacters: characters, explanationCharacters: explanation.document.characters)
        }
        let plan = try windowPlan(
            tokenCount: max(1, explanation.document.tokens),
            options: Options(
                windowSize: explanation.document.windowSize, windowStride: explanation.document.windowStride))
        let searched = Array(Set(options.attributes)).sorted()
        let mentions = options.lexicon.mentions(in: text, attributes: Set(searched))
        let groups = searched.compactMap { attribute -> (FairnessAttribute, [FairnessMention])? in
            let own = mentions.filter { $0.attribute == attribute }
            return own.isEmpty ? nil : (attribute, own)
        }

        // The original and every counterfactual in one batched forward pass.
        let documents =
            [tokenizer.encode(text).ids]
            + groups.map { tokenizer.encode(options.lexicon.counterfactual(of: text, editing: $0.1)).ids }
        let logits = try predict(
            documents: documents, windowSize: plan.size, stride: plan.stride, batchSize: options.batchSize,
            cache: options.cache)
        let probabilities = try logits.map { row in
            let p = softmax(row)
            try checkFinite(p, what: "counterfactual probabilities")
            return p
        }
        let labels = model.config.labels
        let decision = explanation.prediction.index
        guard labels.indices.contains(decision) else {
            throw AttributionError.unknownTarget(String(decision), labels: labels)
        }
        let before = probabilities[0][decision]

        let positive = explanation.words.map { max(0, $0.scores[options.method] ?? 0) }
        let total = positive.reduce(0, +)
        var findings: [FairnessReport.Finding] = []
        for (g, (attribute, own)) in groups.enumerated() {
            let after = probabilities[g + 1][decision]
            let predicted = probabilities[g + 1].indices.max { probabilities[g + 1][$0] < probabilities[g + 1][$1] }
            let labelAfter = labels[predicted ?? decision]
            let changed = (predicted ?? decision) != decision
            var covered: Float = 0
            for (w, word) in explanation.words.enumerated()
            where own.contains(where: { $0.start < word.end && word.start < $0.end }) {
                covered += positive[w]
            }
            let share = total > 0 && total.isFinite && covered.isFinite ? min(1, covered / total) : 0
            let change = after - before
            var reasons: [String] = []
            let decisionLabel = labels[decision]
            if Double(abs(change)) >= options.probabilityThreshold {
                reasons.append(
                    "p(\(decisionLabel)) changes by \(Self.format(change)) (threshold \(Self.format(options.probabilityThreshold)))"
                )
            }
            if changed { reasons.append("the decision changes from \(decisionLabel) to \(labelAfter)") }
            if Double(share) >= options.shareThreshold {
                reasons.append(
                    "its words get \(Self.format(share)) of the positive attribution (threshold \(Self.format(options.shareThreshold)))"
                )
            }
            var edits: [FairnessEdit] = []
            for mention in own where !edits.contains(mention.edit) { edits.append(mention.edit) }
            findings.append(
                FairnessReport.Finding(
                    attribute: attribute, mentions: own, edits: edits, probabilityBefore: before,
                    probabilityAfter: after, probabilityChange: change, labelAfter: labelAfter,
                    decisionChanged: changed, attributionShare: share, flagged: !reasons.isEmpty, reasons: reasons))
        }
        return FairnessReport(
            lexiconVersion: options.lexicon.version, method: options.method,
            probabilityThreshold: options.probabilityThreshold, shareThreshold: options.shareThreshold,
            attributesSearched: searched,
            decision: FairnessReport.Decision(label: labels[decision], index: decision, probability: before),
            findings: findings, flaggedAttributes: findings.filter(\.flagged).map(\.attribute),
            notChecked: FairnessLexicon.notChecked)
    }

    /// A number with two decimals and its sign, e.g. `-0.31`, `0.05`.
    static func format<T: BinaryFloatingPoint>(_ value: T) -> String {
        String(format: "%.2f", Double(value))
    }
}
