import XCTest

@testable import Typesetting

final class TypesettingPlaceholderTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
