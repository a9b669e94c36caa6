import XCTest

@testable import Attribution

final class PlausibilityTests: XCTestCase {
    func testAveragePrecisionKnownValues() {
        // Perfect ranking.
        XCTAssertEqual(Plausibility.averagePrecision(scores: [0.9, 0.8, 0.1], relevant: [true, true, false]), 1)
        // Relevant at ranks 1 and 3: (1/1 + 2/3) / 2.
        XCTAssertEqual(
            Plausibility.averagePrecision(scores: [0.9, 0.8, 0.1], relevant: [true, false, true]) ?? 0, 5.0 / 6,
            accuracy: 1e-12)
        // Constant scores earn no credit: the relevant token is ranked last.
        XCTAssertEqual(
            Plausibility.averagePrecision(scores: [1, 1, 1, 1], relevant: [false, true, false, false]) ?? 0, 0.25,
            accuracy: 1e-12)
        XCTAssertNil(Plausibility.averagePrecision(scores: [1, 2], relevant: [false, false]))
    }

    func testRelevanceByOverlap() {
        XCTAssertEqual(
            Plausibility.relevance(tokens: [0..<3, 4..<9, 9..<10, 0..<0], rationale: [5..<9]),
            [false, true, false, false])
    }
}
