import XCTest

@testable import Corpus

final class CorpusPlaceholderTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
