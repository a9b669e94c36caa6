import Corpus
import XCTest

final class CorpusGeneratorTests: XCTestCase {
    func testSameSeedGivesIdenticalBytesAndDifferentSeedsDiffer() throws {
        for kind in DocumentKind.allCases {
            let first = try CorpusDocument.jsonLines(
                CorpusGenerator(seed: 11, options: .init(kind: kind)).generate(count: 40))
            let again = try CorpusDocument.jsonLines(
                CorpusGenerator(seed: 11, options: .init(kind: kind)).generate(count: 40))
            let other = try CorpusDocument.jsonLines(
                CorpusGenerator(seed: 12, options: .init(kind: kind)).generate(count: 40))
            XCTAssertEqual(Array(first.utf8), Array(again.utf8), "\(kind): seed 11 twice")
            XCTAssertNotEqual(first, other, "\(kind): seeds 11 and 12")
            let generator = try CorpusGenerator(seed: 11, options: .init(kind: kind))
            XCTAssertEqual(
                generator.document(at: 25), generator.generate(count: 10, startingAt: 20)[5], "\(kind): by index")
        }
    }

    func testLabelsAreRoughlyBalancedAndMatchTheRules() throws {
        for kind in DocumentKind.allCases {
            let documents = try CorpusSamples.documents(kind)
            for name in kind.labelNames {
                let share = Double(documents.filter { $0.label == name }.count) / Double(documents.count)
                XCTAssert((0.20...0.45).contains(share), "\(kind) label \(name): share \(share) outside 20–45 %")
            }
            for document in documents {
                switch document.facts {
                case .loan(let facts):
                    XCTAssertEqual(LoanUnderwriting.decide(facts).label.rawValue, document.label, document.id)
                case .contract(let facts):
                    XCTAssertEqual(ContractRiskRules.assess(facts).label.rawValue, document.label, document.id)
                }
                XCTAssertEqual(document.labelNames[document.labelIndex], document.label, document.id)
            }
        }
    }

    func testEveryGenreAppears() throws {
        for kind in DocumentKind.allCases {
            let genres = Set(try CorpusSamples.documents(kind).map(\.genre))
            XCTAssertEqual(genres, Set(kind.genres), "\(kind)")
        }
    }

    func testRationaleSpansAreExactlyTheDecidingFacts() throws {
        for kind in DocumentKind.allCases {
            for document in try CorpusSamples.documents(kind) {
                let deciding: [String]
                switch document.facts {
                case .loan(let facts): deciding = LoanUnderwriting.decide(facts).decidingFacts.map(\.rawValue)
                case .contract(let facts): deciding = ContractRiskRules.assess(facts).decidingFacts.map(\.rawValue)
                }
                XCTAssertEqual(
                    document.rationale.map(\.fact).sorted(), deciding.sorted(),
                    "\(document.id): one rationale span per deciding fact")
                for rationale in document.rationale {
                    let substring = document.substring(rationale.span)
                    XCTAssertEqual(substring, rationale.text, "\(document.id) \(rationale.fact) at \(rationale.span)")
                    XCTAssertFalse(rationale.text.isEmpty, "\(document.id) \(rationale.fact) is empty")
                    XCTAssertFalse(rationale.text.contains("\n"), "\(document.id) \(rationale.fact) spans lines")
                    XCTAssertLessThanOrEqual(
                        DocumentTextProbe.words(rationale.text), 45, "\(document.id) \(rationale.fact) too long")
                    for mention in document.protectedMentions {
                        XCTAssertFalse(
                            rationale.span.overlaps(mention.span), "\(document.id) \(rationale.fact) overlaps a mention"
                        )
                    }
                }
                if case .loan(let facts) = document.facts {
                    for rationale in document.rationale where rationale.fact == "debtToIncome" {
                        XCTAssert(
                            rationale.text.contains("\(facts.debtToIncomePercent)%"),
                            "\(document.id): \(rationale.text)")
                    }
                    for rationale in document.rationale where rationale.fact == "loanToValue" {
                        XCTAssert(
                            rationale.text.contains("\(facts.loanToValuePercent ?? -1)%"),
                            "\(document.id): \(rationale.text)")
                    }
                }
            }
        }
    }

    func testMentionSpansHoldTheirSurfaceText() throws {
        var sawNonASCII = false
        for kind in DocumentKind.allCases {
            for document in try CorpusSamples.documents(kind) {
                XCTAssertFalse(document.mentions(of: .name).isEmpty, "\(document.id) names nobody")
                for mention in document.protectedMentions {
                    let expected = ProtectedMention.surface(
                        attribute: mention.attribute, value: mention.value, form: mention.form)
                    XCTAssertEqual(
                        document.substring(mention.span), expected,
                        "\(document.id) \(mention.attribute) at \(mention.span)")
                    if expected.unicodeScalars.contains(where: { !$0.isASCII }) { sawNonASCII = true }
                }
                let sorted = document.protectedMentions.map(\.span)
                for (left, right) in zip(sorted, sorted.dropFirst()) {
                    XCTAssertLessThanOrEqual(
                        left.end, right.start, "\(document.id): mentions overlap or are out of order")
                }
            }
        }
        XCTAssert(sawNonASCII, "expected some names with non-ASCII letters (María, Trần) to exercise scalar offsets")
    }

    func testLengthsStayWithinBounds() throws {
        for kind in DocumentKind.allCases {
            let counts = try CorpusSamples.documents(kind).map(\.wordCount)
            XCTAssertGreaterThanOrEqual(counts.min() ?? 0, 50, "\(kind) shortest document")
            XCTAssertLessThanOrEqual(counts.max() ?? 0, 900, "\(kind) longest document")
            XCTAssert(
                counts.contains { $0 < 200 } && counts.contains { $0 > 600 },
                "\(kind): expected short and long documents")
            let small = try CorpusSamples.documents(kind, count: 600, length: .small).map(\.wordCount)
            XCTAssertGreaterThanOrEqual(small.min() ?? 0, 40, "\(kind) small: shortest")
            XCTAssertLessThanOrEqual(small.max() ?? 0, 140, "\(kind) small: longest")
            let mean = Double(small.reduce(0, +)) / Double(small.count)
            XCTAssert((50...120).contains(mean), "\(kind) small: mean length \(mean) words")
        }
    }

    func testDecidingFactsCanBeKeptNearTheStart() throws {
        for kind in DocumentKind.allCases {
            let options = CorpusOptions(kind: kind, decidingFactsWithinWords: 350)
            let documents = try CorpusGenerator(seed: 21, options: options).generate(count: 600)
            let free = try CorpusGenerator(seed: 21, options: .init(kind: kind)).generate(count: 600)
            XCTAssertEqual(documents.map(\.label), free.map(\.label), "\(kind): the limit only moves filler")
            XCTAssert(documents.contains { $0.wordCount > 600 }, "\(kind): long documents remain")
            for document in documents {
                let end = document.rationale.map(\.span.end).max() ?? 0
                let prefix = Span(start: 0, end: end).substring(of: document.text) ?? ""
                XCTAssertLessThanOrEqual(
                    DocumentTextProbe.words(prefix), 350, "\(document.id): last deciding fact ends after 350 words")
            }
        }
    }

    func testTyposAppearOnlyInOrdinaryProse() throws {
        for kind in DocumentKind.allCases {
            let documents = try CorpusSamples.documents(kind)
            let withTypos = documents.filter { !$0.typos.isEmpty }
            let share = Double(withTypos.count) / Double(documents.count)
            XCTAssert((0.15...0.40).contains(share), "\(kind): share of documents with typos \(share)")
            for document in withTypos {
                for typo in document.typos {
                    let word = document.substring(typo) ?? ""
                    XCTAssertFalse(word.contains { $0.isNumber }, "\(document.id): typo \(word) touches a number")
                    for rationale in document.rationale {
                        XCTAssertFalse(
                            typo.overlaps(rationale.span), "\(document.id): typo \(word) inside \(rationale.fact)")
                    }
                    for mention in document.protectedMentions {
                        XCTAssertFalse(typo.overlaps(mention.span), "\(document.id): typo \(word) inside a mention")
                    }
                }
            }
            let small = try CorpusSamples.documents(kind, count: 600, length: .small)
            XCTAssert(small.allSatisfy { $0.typos.isEmpty }, "\(kind): small documents have no typos")
        }
    }

    func testJSONLinesRoundTrip() throws {
        let documents =
            Array(try CorpusSamples.documents(.loan).prefix(20))
            + Array(try CorpusSamples.documents(.contract).prefix(20))
        let lines = try CorpusDocument.jsonLines(documents)
        XCTAssertEqual(lines.split(separator: "\n").count, documents.count)
        XCTAssertEqual(try CorpusDocument.decodeJSONLines(lines, path: "memory"), documents)
        XCTAssertThrowsError(try CorpusDocument.decodeJSONLines(lines + "{\"id\": 3}\n", path: "bad.jsonl")) { error in
            guard case CorpusError.cannotDecode(let path, let line, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, "bad.jsonl")
            XCTAssertEqual(line, documents.count + 1)
        }
    }

    func testContractsRejectBiasOnAttributesTheyNeverMention() {
        XCTAssertThrowsError(
            try CorpusGenerator(
                seed: 1, options: .init(kind: .contract, mode: .biased(attribute: .religion, strength: 0.8)))
        ) { error in
            XCTAssertEqual(error as? CorpusError, .unsupportedBias(kind: .contract, attribute: .religion))
        }
        XCTAssertThrowsError(
            try CorpusGenerator(seed: 1, options: .init(kind: .loan, mode: .biased(attribute: .sex, strength: 1.5))))
    }
}

/// Word counting as the generator does it (whitespace-separated).
enum DocumentTextProbe {
    static func words(_ text: String) -> Int {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).count
    }
}
