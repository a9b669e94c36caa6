import Tensors
import XCTest

@testable import Attribution

final class WindowAndWordTests: XCTestCase {
    func testShortDocumentIsOneWindow() {
        XCTAssertEqual(WindowPlan(tokenCount: 10, size: 510, stride: 255).ranges, [0..<10])
        XCTAssertEqual(WindowPlan(tokenCount: 0, size: 510, stride: 255).ranges, [0..<0])
    }

    func testLongDocumentWindowsOverlapCoverEverythingAndEndAligned() {
        let plan = WindowPlan(tokenCount: 1000, size: 510, stride: 255)
        XCTAssertEqual(plan.ranges, [0..<510, 255..<765, 490..<1000])
        let coverage = plan.coverage(tokenCount: 1000)
        XCTAssertTrue(coverage.allSatisfy { $0 >= 1 }, "a token is in no window")
        XCTAssertEqual(coverage[0], 1)
        XCTAssertEqual(coverage[500], 3)
        XCTAssertTrue(plan.ranges.allSatisfy { $0.count == 510 })
    }

    func testWordsAreRunsOfTouchingTokens() {
        // "The $25,000 loan," → The | $ 25 , 000 | loan ,
        let offsets = [0..<3, 4..<5, 5..<7, 7..<8, 8..<11, 12..<16, 16..<17]
        XCTAssertEqual(WordGrouping.wordRanges(offsets: offsets), [0..<1, 1..<5, 5..<7])
        XCTAssertEqual(WordGrouping.wordRanges(offsets: []), [])
    }

    func testPhrasesJoinAdjacentHighScoringWords() {
        let text = "two missed payments in the last year"
        let scalars = Array(text.unicodeScalars)
        let spans = [(0, 3), (4, 10), (11, 19), (20, 22), (23, 26), (27, 31), (32, 36)]
        let scores: [Float] = [0.9, 1.0, 0.8, 0.1, 0.0, 0.5, 0.45]
        let words = zip(spans, scores).enumerated().map { i, pair in
            Word(
                text: String(text.unicodeScalars.dropFirst(pair.0.0).prefix(pair.0.1 - pair.0.0)), start: pair.0.0,
                end: pair.0.1, tokenStart: i, tokenEnd: i + 1, scores: [.rollout: pair.1])
        }
        let phrases = WordGrouping.phrases(words: words, method: .rollout, scalars: scalars)
        XCTAssertEqual(phrases.map(\.text), ["two missed payments", "last year"])
        XCTAssertEqual(phrases[0].score, 2.7, accuracy: 1e-6)
        XCTAssertEqual(phrases[1].firstWord, 5)
    }

    func testSpearmanKnownValues() {
        XCTAssertEqual(RankCorrelation.spearman([1, 2, 3, 4], [10, 20, 30, 40]) ?? 0, 1, accuracy: 1e-12)
        XCTAssertEqual(RankCorrelation.spearman([1, 2, 3, 4], [4, 3, 2, 1]) ?? 0, -1, accuracy: 1e-12)
        XCTAssertEqual(RankCorrelation.ranks([3, 1, 3, 2]), [3.5, 1, 3.5, 2])
        // Hand-computed: ranks a = 1 2 3 4 5, b = 2 1 4 3 5 → ρ = 1 − 6·4 / (5·24) = 0.8
        XCTAssertEqual(RankCorrelation.spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) ?? 0, 0.8, accuracy: 1e-12)
        XCTAssertNil(RankCorrelation.spearman([1, 1, 1], [1, 2, 3]))
    }

    /// A head that puts all weight on the previous token (row 0 on itself) is labelled positional.
    func testHeadStatisticsOfAPreviousTokenHead() {
        let t = 5
        var attention = Tensor(zeros: [1, t, t])
        attention[0, 0, 0] = 1
        for i in 1..<t { attention[0, i, i - 1] = 1 }
        let kinds = HeadAnalysis.TokenKinds(
            isStart: [true, false, false, false, false], isEnd: [false, false, false, false, true],
            isPunctuation: [false, false, false, true, false])
        let stats = HeadAnalysis.statistics(attentions: [attention], gradients: [attention], kinds: kinds)[0]
        XCTAssertEqual(stats.previousToken, 1, accuracy: 1e-6)
        XCTAssertEqual(stats.confidence, 1, accuracy: 1e-6)
        XCTAssertEqual(stats.entropy, 0, accuracy: 1e-6)
        XCTAssertEqual(stats.meanDistance, 0.8, accuracy: 1e-6)  // (0 + 1 + 1 + 1 + 1) / 5
        XCTAssertEqual(stats.shareToStart, 0.4, accuracy: 1e-6)  // rows 0 and 1 attend to token 0
        XCTAssertEqual(stats.shareToPunctuation, 0.2, accuracy: 1e-6)  // row 4 attends to token 3
        XCTAssertEqual(stats.importance, 5, accuracy: 1e-6)  // Σ A ⊙ A = 5 ones
        XCTAssertEqual(stats.role, "previous token")
    }

    func testUniformHeadIsBroad() {
        let t = 4
        let attention = Tensor(shape: [1, t, t], scalars: [Float](repeating: 0.25, count: t * t))
        let kinds = HeadAnalysis.TokenKinds(
            isStart: [Bool](repeating: false, count: t), isEnd: [Bool](repeating: false, count: t),
            isPunctuation: [Bool](repeating: false, count: t))
        let stats = HeadAnalysis.statistics(attentions: [attention], gradients: [attention], kinds: kinds)[0]
        XCTAssertEqual(stats.entropy, log(4), accuracy: 1e-5)
        XCTAssertEqual(stats.role, "broad (bag of words)")
    }
}
