import XCTest

@testable import Models

final class ModelsPlaceholderTests: XCTestCase {
    func testModuleLinks() { XCTAssertEqual(Architecture(rawValue: "bert"), .bert) }
}
