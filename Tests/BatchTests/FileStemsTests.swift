import XCTest

@testable import Batch

final class FileStemsTests: XCTestCase {
    func testPlainIdsAreKeptAndOddOnesAreMadeSafe() {
        let ids = ["loan-01", "../../etc/passwd", "a/b", "naïve café", "", "NUL\u{0}byte", ".hidden", "index", "x.y_z"]
        let stems = FileStems.stems(for: ids)
        XCTAssertEqual(stems["loan-01"], "loan-01")
        XCTAssertEqual(stems["x.y_z"], "x.y_z")
        for id in ids {
            let stem = try? XCTUnwrap(stems[id])
            guard let stem else { return XCTFail("no stem for \(id)") }
            XCTAssertFalse(stem.isEmpty, id)
            XCTAssertFalse(stem.hasPrefix("."), id)
            XCTAssertFalse(stem.contains("/"), id)
            XCTAssertFalse(stem.contains(".."), id)
            XCTAssertTrue(stem.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 32 }, id)
            XCTAssertLessThanOrEqual(stem.count, 91, id)
        }
        // A reserved name (the batch's own files) and changed ids get a digest suffix.
        XCTAssertNotEqual(stems["index"], "index")
        XCTAssertTrue(stems["a/b"]?.hasPrefix("a_b-") ?? false)
    }

    func testStemsAreUniqueIgnoringCaseAndDependOnlyOnTheId() {
        let ids = [
            "Loan", "loan", "a/b", "a_b", "a?b", String(repeating: "x", count: 200), String(repeating: "x", count: 201),
        ]
        let stems = FileStems.stems(for: ids)
        XCTAssertEqual(Set(stems.values.map { $0.lowercased() }).count, ids.count, "\(stems)")
        // The same id keeps its stem whatever else is in the batch, unless it collides.
        XCTAssertEqual(FileStems.stems(for: ["a/b"])["a/b"], stems["a/b"])
    }
}
