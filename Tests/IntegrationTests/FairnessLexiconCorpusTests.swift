import Attribution
import Corpus
import XCTest

/// The lexicon against the sample generator's own record of where it wrote protected attributes: every recorded
/// mention must be found (same attribute, overlapping span), in every genre of loan application and contract,
/// and mentions the generator did not record are counted and shown.
final class FairnessLexiconCorpusTests: XCTestCase {
    func testTheLexiconFindsWhatTheGeneratorWrote() throws {
        var documents: [CorpusDocument] = []
        for (kind, seed) in [(DocumentKind.loan, UInt64(5)), (.contract, 6)] {
            documents += try CorpusGenerator(seed: seed, options: CorpusOptions(kind: kind)).generate(count: 150)
        }
        let lexicon = FairnessLexicon.standard
        var recorded: [String: Int] = [:]
        var found: [String: Int] = [:]
        var missed: [String] = []
        var extra: [String] = []
        for document in documents {
            let mentions = lexicon.mentions(in: document.text)
            for truth in document.protectedMentions {
                let attribute = truth.attribute.rawValue
                recorded[attribute, default: 0] += 1
                let hit = mentions.contains {
                    $0.attribute.rawValue == attribute && $0.start < truth.span.end && truth.span.start < $0.end
                }
                if hit {
                    found[attribute, default: 0] += 1
                } else {
                    let context = Span(
                        start: max(0, truth.span.start - 60),
                        end: min(document.text.unicodeScalars.count, truth.span.end + 20))
                    missed.append("\(attribute) in \(document.id): …\(document.substring(context) ?? "")…")
                }
            }
            for mention in mentions
            where !document.protectedMentions.contains(where: {
                $0.attribute.rawValue == mention.attribute.rawValue && $0.span.start < mention.end
                    && mention.start < $0.span.end
            }) {
                extra.append("\(mention.attribute.rawValue) '\(mention.text)' (\(mention.rule)) in \(document.id)")
            }
        }
        let recall = recorded.keys.sorted().map { key in
            "\(key) \(found[key, default: 0])/\(recorded[key, default: 0])"
        }
        print("lexicon recall on \(documents.count) generated documents: \(recall.joined(separator: ", "))")
        print("missed (\(missed.count)): \(missed.prefix(15))")
        print("not recorded by the generator (\(extra.count)): \(extra.prefix(15))")
        for (attribute, count) in recorded {
            XCTAssertGreaterThanOrEqual(
                Double(found[attribute, default: 0]) / Double(count), 0.98, "recall of \(attribute)")
        }
        XCTAssertLessThanOrEqual(extra.count, documents.count / 20, "too many mentions the generator did not write")
    }
}
