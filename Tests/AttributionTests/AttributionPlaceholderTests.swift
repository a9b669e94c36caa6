import XCTest

@testable import Attribution

final class AttributionPlaceholderTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
