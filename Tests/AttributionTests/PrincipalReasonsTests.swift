import XCTest

@testable import Attribution

/// Principal reasons: passages cut at lines, sentences and long clauses; ranked by their words' scores.
final class PrincipalReasonsTests: XCTestCase {
    /// Words of `text` split at spaces and line breaks, with the given scores (default 0).
    private func words(_ text: String, scores: [String: Float]) -> [Word] {
        var result: [Word] = []
        var start: Int?
        let scalars = Array(text.unicodeScalars)
        for i in 0...scalars.count {
            let isSpace = i == scalars.count || scalars[i] == " " || scalars[i] == "\n"
            if isSpace, let s = start {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[s..<i])
                let word = String(view)
                result.append(
                    Word(
                        text: word, start: s, end: i, tokenStart: result.count, tokenEnd: result.count + 1,
                        scores: [.gradientWeighted: scores[word] ?? 0]))
                start = nil
            } else if !isSpace, start == nil {
                start = i
            }
        }
        return result
    }

    func testKnownAnswerPassagesAndRanking() {
        let text =
            "Dear team,\nMy DTI is 47%, which is high. I have two late payments. Mr. Smith is my employer.\nThanks."
        let reasons = PrincipalReasons.find(
            text: text, words: words(text, scores: ["47%,": 0.5, "high.": 0.3, "late": 0.6, "Thanks.": 0.05]))
        XCTAssertEqual(reasons.map(\.text), ["My DTI is 47%, which is high.", "I have two late payments."])
        XCTAssertEqual(reasons[0].share, 0.8 / 1.45, accuracy: 1e-6)
        XCTAssertEqual(reasons[1].rank, 2)
        // "Thanks." scores 0.05, under a quarter of the strongest passage: not a reason.
        XCTAssertFalse(reasons.contains { $0.text == "Thanks." })
        // The strongest words are marked inside the passage.
        let all = words(text, scores: ["47%,": 0.5, "high.": 0.3])
        XCTAssertEqual(reasons[0].strongestWords.map { all[$0].text }, ["47%,", "high."])
    }

    func testAbbreviationsDoNotEndSentences() {
        let text = "Mr. Smith works at Acme Inc. since May. He is fine."
        let reasons = PrincipalReasons.find(text: text, words: words(text, scores: ["Smith": 1]))
        XCTAssertEqual(reasons.first?.text, "Mr. Smith works at Acme Inc. since May.")
    }

    func testLongSentencesAreCutIntoClauses() {
        let long =
            (1...20).map { "w\($0)" }.joined(separator: " ") + ", "
            + (21...40).map { "w\($0)" }
            .joined(separator: " ") + "."
        let reasons = PrincipalReasons.find(
            text: long, words: words(long, scores: ["w30": 1]), settings: .init(maximumWords: 24))
        XCTAssertEqual(reasons.first?.text, (21...40).map { "w\($0)" }.joined(separator: " ") + ".")
    }

    func testLimitAndNoPositiveScores() {
        let text = "Yes. No. Maybe. Sure. Fine. Okay."
        let scored = words(text, scores: ["Yes.": 1, "No.": 1, "Maybe.": 1, "Sure.": 1, "Fine.": 1, "Okay.": 1])
        XCTAssertEqual(PrincipalReasons.find(text: text, words: scored).count, 4)
        XCTAssertEqual(PrincipalReasons.find(text: text, words: words(text, scores: [:])), [])
    }
}
