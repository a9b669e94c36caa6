import Corpus
import XCTest

final class ProtectedAttributeTests: XCTestCase {
    /// The value of `attribute` a document mentions (the name's origin for names), if any.
    private func mentionedValue(_ document: CorpusDocument, _ attribute: ProtectedAttribute) -> String? {
        guard let value = document.mentions(of: attribute).first?.value else { return nil }
        return attribute == .name ? PersonNames.person(named: value)?.origin : value
    }

    /// Pearson's chi-square statistic of the value × label table, with its degrees of freedom.
    private func chiSquare(_ documents: [CorpusDocument], _ attribute: ProtectedAttribute) -> (
        statistic: Double, df: Int
    ) {
        var table: [String: [String: Double]] = [:]
        for document in documents {
            guard let value = mentionedValue(document, attribute) else { continue }
            table[value, default: [:]][document.label, default: 0] += 1
        }
        let values = table.keys.sorted()
        let labels = Set(documents.map(\.label)).sorted()
        let total = table.values.reduce(0) { $0 + $1.values.reduce(0, +) }
        var statistic = 0.0
        for value in values {
            let rowTotal = table[value, default: [:]].values.reduce(0, +)
            for label in labels {
                let columnTotal = values.reduce(0) { $0 + (table[$1]?[label] ?? 0) }
                let expected = rowTotal * columnTotal / total
                let observed = table[value]?[label] ?? 0
                if expected > 0 { statistic += (observed - expected) * (observed - expected) / expected }
            }
        }
        return (statistic, (values.count - 1) * (labels.count - 1))
    }

    /// The chi-square quantile at p = 0.001 (Wilson–Hilferty approximation, within 1 % for df ≥ 2).
    private func critical(df: Int) -> Double {
        let k = Double(df)
        let term = 1 - 2 / (9 * k) + 3.090 * (2 / (9 * k)).squareRoot()
        return k * term * term * term
    }

    func testCleanCorpusKeepsProtectedAttributesIndependentOfTheLabel() throws {
        let loans = try CorpusSamples.documents(.loan)
        for attribute in ProtectedAttribute.allCases {
            let mentioning = loans.filter { mentionedValue($0, attribute) != nil }
            XCTAssertGreaterThan(mentioning.count, 600, "\(attribute) is mentioned in only \(mentioning.count) loans")
            let (statistic, df) = chiSquare(loans, attribute)
            XCTAssertLessThan(
                statistic, critical(df: df),
                "loan \(attribute): chi-square \(statistic) with df \(df) exceeds the p = 0.001 bound \(critical(df: df))"
            )
        }
        let contracts = try CorpusSamples.documents(.contract)
        let (statistic, df) = chiSquare(contracts, .name)
        XCTAssertLessThan(statistic, critical(df: df), "contract names: chi-square \(statistic), df \(df)")
    }

    func testBiasedCorpusCorrelatesTheChosenAttribute() throws {
        let cases: [(DocumentKind, ProtectedAttribute, LengthProfile)] = [
            (.loan, .sex, .normal), (.loan, .race, .normal), (.contract, .name, .normal), (.loan, .sex, .small),
            (.loan, .age, .small),
        ]
        for (kind, attribute, length) in cases {
            let documents = try CorpusSamples.documents(
                kind, mode: .biased(attribute: attribute, strength: 0.8), length: length)
            XCTAssert(
                documents.allSatisfy { mentionedValue($0, attribute) != nil }, "\(kind) \(attribute): always mentioned")
            let (statistic, df) = chiSquare(documents, attribute)
            XCTAssertGreaterThan(
                statistic, 10 * critical(df: df), "\(kind) \(attribute): chi-square \(statistic), df \(df)")
            let groups = attribute.groups
            func favourableRate(_ values: [String]) -> Double {
                let group = documents.filter { mentionedValue($0, attribute).map(values.contains) ?? false }
                return Double(group.filter { $0.labelIndex == 0 }.count) / Double(max(1, group.count))
            }
            let gap = favourableRate(groups.favoured) - favourableRate(groups.disfavoured)
            XCTAssertGreaterThan(gap, 0.3, "\(kind) \(attribute): favourable-label rate gap \(gap)")
            let clean = try CorpusSamples.documents(kind, length: length)
            XCTAssertEqual(
                documents.map(\.label), clean.map(\.label), "\(kind): bias must not change the labels a seed draws")
        }
    }

    func testCounterfactualsChangeOnlyTheSwappedSpans() throws {
        let documents =
            Array(try CorpusSamples.documents(.loan).prefix(300))
            + Array(try CorpusSamples.documents(.contract).prefix(60))
        var checked = 0
        for document in documents {
            for attribute in ProtectedAttribute.allCases {
                let counterfactuals = document.counterfactuals(for: attribute)
                if document.mentions(of: attribute).isEmpty && attribute != .sex {
                    XCTAssert(counterfactuals.isEmpty, "\(document.id) \(attribute): nothing to swap")
                    continue
                }
                XCTAssertFalse(counterfactuals.isEmpty, "\(document.id) \(attribute): no counterfactual")
                for counterfactual in counterfactuals {
                    checked += 1
                    try assertOnlyMentionsChanged(document, counterfactual, attribute)
                }
            }
        }
        XCTAssertGreaterThan(checked, 1_000)
    }

    private func assertOnlyMentionsChanged(
        _ original: CorpusDocument, _ counterfactual: CorpusDocument, _ attribute: ProtectedAttribute
    ) throws {
        let name = "\(counterfactual.id)"
        XCTAssertEqual(counterfactual.label, original.label, name)
        XCTAssertEqual(counterfactual.facts, original.facts, name)
        XCTAssertEqual(counterfactual.rationale.map(\.text), original.rationale.map(\.text), name)
        XCTAssertEqual(counterfactual.protectedMentions.count, original.protectedMentions.count, name)
        for rationale in counterfactual.rationale {
            XCTAssertEqual(counterfactual.substring(rationale.span), rationale.text, "\(name) \(rationale.fact)")
        }
        // Walk both texts mention by mention: the stretches between mentions must be identical, and only
        // mentions of the swapped attribute (and, for sex, names) may differ.
        let oldScalars = Array(original.text.unicodeScalars)
        let newScalars = Array(counterfactual.text.unicodeScalars)
        var oldCursor = 0
        var newCursor = 0
        var changed = 0
        for (old, new) in zip(original.protectedMentions, counterfactual.protectedMentions) {
            XCTAssertEqual(
                oldScalars[oldCursor..<old.span.start].map(\.value),
                newScalars[newCursor..<new.span.start].map(\.value),
                "\(name): text before mention at \(new.span) changed")
            let oldText = original.substring(old.span)
            let newText = counterfactual.substring(new.span)
            XCTAssertEqual(
                newText, ProtectedMention.surface(attribute: new.attribute, value: new.value, form: new.form),
                "\(name): mention at \(new.span)")
            if oldText != newText {
                changed += 1
                let allowed = new.attribute == attribute || (attribute == .sex && new.attribute == .name)
                XCTAssert(allowed, "\(name): \(new.attribute) mention changed while swapping \(attribute)")
            }
            oldCursor = old.span.end
            newCursor = new.span.end
        }
        XCTAssertEqual(
            oldScalars[oldCursor...].map(\.value), newScalars[newCursor...].map(\.value), "\(name): tail changed")
        XCTAssertGreaterThan(changed, 0, "\(name): nothing changed")
        XCTAssertThrowsError(try original.replacing(attribute, with: "no such value"))
    }
}
