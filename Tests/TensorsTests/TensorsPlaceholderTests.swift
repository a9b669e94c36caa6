import XCTest

@testable import Tensors

final class TensorsPlaceholderTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
