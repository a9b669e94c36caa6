import Support

/// Generates labelled loan applications or contracts, deterministically from a seed.
///
/// Document `i` depends only on the seed, the options and `i`: the same inputs give byte-identical documents
/// on every machine (see ``SeededGenerator``). Each document draws its label uniformly, then facts whose
/// rule-decided label is that label (the rules are checked, not assumed), then wording, protected attributes
/// and typos from separate streams.
///
/// ```swift
/// let generator = try CorpusGenerator(seed: 42, options: CorpusOptions(kind: .loan))
/// let documents = generator.generate(count: 3_000)
/// ```
public struct CorpusGenerator: Sendable {
    /// The seed every document derives from.
    public let seed: UInt64
    /// Kind, mode, length profile and typo share.
    public let options: CorpusOptions

    /// The hard word bounds of the normal profile.
    public static let normalWordRange = 50...900
    /// The target word bounds of the small profile.
    public static let smallWordRange = 40...140

    private enum Stream: UInt64 {
        case label = 1
        case facts, wording, protected, typos, length
    }

    /// Creates a generator.
    ///
    /// - Throws: ``CorpusError/invalidBiasStrength(_:)`` for a strength outside `0...1`;
    ///   ``CorpusError/unsupportedBias(kind:attribute:)`` when contracts are biased on anything but the name.
    public init(seed: UInt64, options: CorpusOptions) throws {
        if case .biased(let attribute, let strength) = options.mode {
            guard (0...1).contains(strength) else { throw CorpusError.invalidBiasStrength(strength) }
            guard options.kind == .loan || attribute == .name else {
                throw CorpusError.unsupportedBias(kind: options.kind, attribute: attribute)
            }
        }
        self.seed = seed
        self.options = options
    }

    /// Generates documents `start ..< start + count`.
    public func generate(count: Int, startingAt start: Int = 0) -> [CorpusDocument] {
        (start..<(start + max(0, count))).map { document(at: $0) }
    }

    /// The identifier of document `index`, e.g. `"loan-s42-00017"`.
    public func identifier(at index: Int) -> String {
        let number = String(index)
        return "\(options.kind.rawValue)-s\(seed)-" + String(repeating: "0", count: max(0, 5 - number.count)) + number
    }

    /// Generates document `index`.
    public func document(at index: Int) -> CorpusDocument {
        let root = SeededGenerator(seed: seed)
        func stream(_ stream: Stream) -> SeededGenerator { root.derived(stream: stream.rawValue, index: UInt64(index)) }
        var labelRandom = stream(.label)
        var factsRandom = stream(.facts)
        var lengthRandom = stream(.length)
        var protectedRandom = stream(.protected)
        var typoRandom = stream(.typos)
        let small = options.length == .small

        let labelIndex = labelRandom.next(below: 3)
        let genres = small ? [options.kind == .loan ? Genre.officerSummary : .serviceAgreement] : options.kind.genres
        let genre = labelRandom.pick(genres)
        let typoRate = !small && typoRandom.chance(options.typoShare) ? 0.005 + 0.02 * typoRandom.unit() : 0
        var text = DraftText(typoRate: typoRate, random: typoRandom)
        let targetWords: Int
        if small {
            targetWords = 0
        } else {
            switch lengthRandom.next(below: 10) {
            case 0..<3: targetWords = lengthRandom.int(in: 50...180)
            case 3..<7: targetWords = lengthRandom.int(in: 180...450)
            default: targetWords = lengthRandom.int(in: 450...860)
            }
        }
        let maximumWords = small ? Self.smallWordRange.upperBound : Self.normalWordRange.upperBound

        let label: String
        let deciding: [String]
        let facts: DocumentFacts
        let profile = ApplicantProfile.draw(
            mode: options.mode, labelIndex: labelIndex, mentionShare: small ? 0.5 : 0.4, using: &protectedRandom)
        switch options.kind {
        case .loan:
            let target = LoanLabel.allCases[labelIndex]
            var loanFacts = LoanFactSampler.facts(for: target, using: &factsRandom)
            while LoanUnderwriting.decide(loanFacts).label != target {
                loanFacts = LoanFactSampler.facts(for: target, using: &factsRandom)
            }
            let decision = LoanUnderwriting.decide(loanFacts)
            var writer = LoanDocumentWriter(
                facts: loanFacts, profile: profile, genre: genre, small: small, random: stream(.wording))
            writer.write(
                targetWords: targetWords, maximumWords: maximumWords, factsWithin: options.decidingFactsWithinWords,
                into: &text)
            label = decision.label.rawValue
            deciding = decision.decidingFacts.map(\.rawValue)
            facts = .loan(loanFacts)
        case .contract:
            let target = ContractLabel.allCases[labelIndex]
            var contractFacts = ContractFactSampler.facts(for: target, genre: genre, using: &factsRandom)
            while ContractRiskRules.assess(contractFacts).label != target {
                contractFacts = ContractFactSampler.facts(for: target, genre: genre, using: &factsRandom)
            }
            let assessment = ContractRiskRules.assess(contractFacts)
            let other = PersonNames.person(
                origin: protectedRandom.pick(PersonNames.origins), sex: protectedRandom.pick(["female", "male"]),
                using: &protectedRandom)
            var writer = ContractDocumentWriter(
                facts: contractFacts, signatory: profile.person, counterpartySignatory: other, small: small,
                random: stream(.wording))
            writer.write(
                targetWords: targetWords, maximumWords: maximumWords, factsWithin: options.decidingFactsWithinWords,
                into: &text)
            label = assessment.label.rawValue
            deciding = assessment.decidingFacts.map(\.rawValue)
            facts = .contract(contractFacts)
        }
        let finalText = text.text
        let rationale = text.factSpans.filter { deciding.contains($0.fact) }.map { entry in
            RationaleSpan(fact: entry.fact, span: entry.span, text: entry.span.substring(of: finalText) ?? "")
        }
        return CorpusDocument(
            id: identifier(at: index), kind: options.kind, genre: genre, text: finalText, label: label,
            labelNames: options.kind.labelNames, rationale: rationale, protectedMentions: text.mentions,
            typos: text.typos, facts: facts)
    }
}
