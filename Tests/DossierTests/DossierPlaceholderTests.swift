import XCTest

@testable import Dossier

final class DossierPlaceholderTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
