import Foundation
import XCTest

@testable import Typesetting

final class DocumentTests: XCTestCase {
    func testSampleDocumentRenders() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let url = try TestSupport.write(try SamplePages.document(fonts: TestSupport.fonts()), name: "sample.pdf", in: folder)
        let info = try TestSupport.run("pdfinfo", [url.path])
        XCTAssertEqual(info.status, 0, info.stderr)
        print(info.stdout)
    }
}
