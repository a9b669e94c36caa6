import Attribution
import Tensors

extension DossierRecord {
    /// Builds the record of one dossier from its facts, in the template's words.
    static func assemble(
        request: DossierRequest, facts: DossierFacts, documentSHA256: String, documentBytes: Int,
        modelFiles: [FileDigest], modelCard: String?, template: DossierTemplate,
        reasonSettings: PrincipalReasons.Settings
    ) throws -> DossierRecord {
        let e = facts.explanation
        // Encoders are read from their first token; a decoder (GPT-2) from its last, the pooled token.
        let row = e.model.architecture == "gpt2" ? "the last (pooled) token's row" : "first token's row"
        let labels = e.model.labels
        let decision = e.prediction.label
        let texts = template.texts
        let thresholds = template.thresholds

        let reasons = facts.reasons.map { reason -> Reason in
            let code = template.taxonomy.code(for: reason.text, label: e.prediction.targetLabel)
            return Reason(
                rank: reason.rank, text: reason.text, start: reason.start, end: reason.end, share: reason.share,
                strongestWords: reason.strongestWords.map { e.words[$0].text }, code: code?.code,
                codeText: code?.text)
        }
        let verdictStatement = try trustStatement(facts: facts, texts: texts, thresholds: thresholds)
        let separators = Formatting.separators(min(2, reasons.count))
        let summary = try texts.render(
            "cover-summary",
            [
                "decision": decision, "probability": Formatting.percent(e.prediction.probabilities[e.prediction.index]),
                "explained": e.prediction.targetLabel, "explainsDecision": e.prediction.target == e.prediction.index,
                "hasReasons": !reasons.isEmpty,
                "reasons": reasons.prefix(2).enumerated().map { i, r in
                    [
                        "quote": Formatting.quote(r.text, words: 12), "share": Formatting.share(r.share),
                        "separator": separators[i],
                    ] as [String: Any]
                },
            ])

        let details = request.caseDetails
        let date = details.decisionDate.flatMap(CalendarDate.init) ?? CalendarDate.today()
        let creditType = details.creditType ?? "consumer"
        let months = creditType == "business" ? thresholds.retentionMonthsBusiness : thresholds.retentionMonthsConsumer
        let caseRecord = CaseRecord(
            caseId: details.caseId, institution: template.style.institution,
            action: details.action ?? "model decision: \(decision) (pending human review)", decisionDate: date,
            creditType: creditType, retentionMonths: months, retainUntil: date.adding(months: months),
            reviewer: details.reviewer, reviewOutcome: details.reviewOutcome, overrideReason: details.overrideReason,
            reviewDate: details.reviewDate, contact: details.contact ?? template.style.contact)

        var notChecked: [String] = []
        if request.trustLevel != .full {
            notChecked.append(
                "ERASER comprehensiveness and sufficiency curves and rank agreement between methods (trust level full)")
        }
        if request.trustLevel == .none { notChecked.append("removal of the principal reasons (trust level quick)") }
        notChecked.append("whether the model is right: the check tests the explanation, not the decision")

        return DossierRecord(
            audience: request.audience.rawValue,
            tool: Tool(
                name: "Attention Dossier", version: DossierMaker.toolVersion,
                numericRoute: AcceleratedKernels.routeName, blas: BLAS.configuration, command: request.commandLine),
            caseRecord: caseRecord,
            document: DocumentEntry(
                name: request.documentName, sha256: documentSHA256, bytes: documentBytes, source: facts.text.source,
                characters: e.document.characters, words: e.words.count, tokens: e.document.tokens,
                unread: facts.unread),
            model: ModelEntry(
                name: request.modelName, architecture: e.model.architecture, labels: labels, layers: e.model.layers,
                heads: e.model.heads, files: modelFiles, card: modelCard),
            decision: Decision(
                label: decision,
                probabilities: zip(labels, e.prediction.probabilities).map {
                    LabelProbability(label: $0, probability: $1)
                },
                explainedLabel: e.prediction.targetLabel, summary: summary),
            reasons: reasons, windows: facts.windows,
            trust: Trust(
                level: request.trustLevel.rawValue, verdict: facts.verdict.rawValue, statement: verdictStatement,
                quick: facts.quick, faithfulness: e.faithfulness,
                agreement: request.trustLevel == .full ? e.agreement : nil, notChecked: notChecked),
            fairness: FairnessSummary(flagged: !facts.fairness.flaggedAttributes.isEmpty, report: facts.fairness),
            caveats: facts.caveats(),
            settings: Settings(
                reasons: reasonSettings, windowSize: e.document.windowSize, windowStride: e.document.windowStride,
                aggregation: e.document.aggregation,
                wordGrouping:
                    "a word is a run of tokens whose character ranges touch; its score is the sum of its tokens'",
                rollout:
                    "residual weight 0.5: 0.5·mean-head A + 0.5·I per layer, rows renormalised, first layer to last, \(row)",
                gradientWeighted: "R = I; per layer R ← R + mean_h(max(0, ∂logit/∂A ⊙ A))·R; \(row)",
                headImportance: "|Σ A ⊙ ∂logit/∂A| per head (Michel et al. 2019), mean over windows",
                removal: "word pieces deleted", trustLevel: request.trustLevel.rawValue,
                trustRandomDraws: facts.quick?.randomSeeds.count ?? 0, faithfulnessFractions: e.faithfulness?.fractions,
                specialTokens: "kept in every window; scored, never shown as words or counted as reasons",
                thresholds: thresholds, maximumCharacters: request.maximumCharacters),
            template: TemplateEntry(
                name: template.folder.standardizedFileURL.lastPathComponent, sha256: template.digest,
                taxonomy: template.taxonomy.name, taxonomyVersion: template.taxonomy.version),
            explanation: e)
    }

    /// The verdict statement in the template's words.
    static func trustStatement(facts: DossierFacts, texts: TemplateTexts, thresholds t: DossierThresholds) throws
        -> String
    {
        guard let check = facts.quick else { return try texts.render("trust-unchecked", [:]) }
        let context: [String: Any] = [
            "reasonWords": check.reasonWords, "decision": facts.explanation.prediction.label,
            "full": Formatting.percent(check.fullProbability),
            "without": Formatting.percent(check.withoutReasons.probability),
            "drop": Formatting.points(check.dropWithoutReasons), "changes": check.withoutReasons.decisionChanges,
            "newLabel": check.withoutReasons.label, "randomEffect": Formatting.effect(check.meanRandomDrop),
            "strongDrop": Formatting.points(t.strongMinimumDrop),
            "strongMargin": Formatting.points(t.strongMinimumMarginOverRandom),
            "moderateMargin": Formatting.points(t.moderateMinimumMarginOverRandom),
        ]
        let name =
            switch facts.verdict {
            case .strong: "trust-strong"
            case .moderate: "trust-moderate"
            case .weak: "trust-weak"
            case .notChecked: "trust-unchecked"
            }
        return try texts.render(name, context)
    }
}
