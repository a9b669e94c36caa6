import Foundation
import Tensors
import XCTest

@testable import Dossier

/// Dates, number formatting, case records and the all-or-nothing writer.
final class RecordPartsTests: XCTestCase {
    func testCalendarDatesAndRetention() throws {
        XCTAssertNil(CalendarDate("2026-02-30"))
        XCTAssertNil(CalendarDate("2026-2-3"))
        XCTAssertNil(CalendarDate("yesterday"))
        let date = try XCTUnwrap(CalendarDate("2026-12-31"))
        XCTAssertEqual("\(date.adding(months: 25))", "2029-01-31")
        XCTAssertEqual("\(try XCTUnwrap(CalendarDate("2024-01-31")).adding(months: 1))", "2024-02-29")
        XCTAssertEqual("\(try XCTUnwrap(CalendarDate("2026-03-15")).adding(months: 12))", "2027-03-15")
    }

    func testOnlyTheSameVersionOnTheSameRouteIsComparedByteForByte() {
        let here = DossierRecord.Tool(
            name: "Attention Dossier", version: DossierMaker.toolVersion, numericRoute: AcceleratedKernels.routeName,
            blas: BLAS.configuration, command: "dossier explain")
        XCTAssertTrue(DossierVerifier.regeneratesBytes(here))
        var older = here
        older.version = "0.2.0"
        XCTAssertFalse(DossierVerifier.regeneratesBytes(older), "another version is compared by its numbers")
        var elsewhere = here
        elsewhere.numericRoute = "another route"
        XCTAssertFalse(DossierVerifier.regeneratesBytes(elsewhere))
        var otherKernel = here
        otherKernel.blas += " (another core)"
        XCTAssertFalse(DossierVerifier.regeneratesBytes(otherKernel))
    }

    func testNumbersAreRoundedToWhatTheySupport() {
        XCTAssertEqual(Formatting.percent(0.993), "99.3 %")
        XCTAssertEqual(Formatting.percent(0.4567), "46 %")
        XCTAssertEqual(Formatting.percent(0.0004), "< 0.1 %")
        XCTAssertEqual(Formatting.percent(0.99996), "> 99.9 %")
        XCTAssertEqual(Formatting.points(0.624), "62")
        XCTAssertEqual(Formatting.points(0.004), "0.4")
        XCTAssertEqual(Formatting.effect(-0.02), "raises it by 2.0 points")
        XCTAssertEqual(Formatting.effect(0.31), "lowers it by 31 points")
        XCTAssertEqual(Formatting.effect(0.0001), "leaves it unchanged")
        XCTAssertEqual(Formatting.quote("one two three.", words: 5), "one two three")
        XCTAssertEqual(Formatting.quote("one two three four", words: 2), "one two …")
    }

    func testCaseRecordErrorsNameTheField() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("case-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try #"{"caseId": "A-1", "decisionDate": "2026-13-01"}"#.write(to: file, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CaseDetails.load(file)) {
            XCTAssertTrue(String(describing: $0).contains("decisionDate '2026-13-01' is not a date"), "\($0)")
        }
        try #"{"caseId": 42}"#.write(to: file, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CaseDetails.load(file)) {
            XCTAssertTrue(String(describing: $0).contains("'caseId' must be a string"), "\($0)")
        }
        try #"{"caseId": "A-1", "creditType": "business", "reviewer": "J. Doe"}"#.write(
            to: file, atomically: true, encoding: .utf8)
        let details = try CaseDetails.load(file).merged(with: CaseDetails(caseId: "B-2"))
        XCTAssertEqual(details.caseId, "B-2")
        XCTAssertEqual(details.reviewer, "J. Doe")
        XCTAssertEqual(details.creditType, "business")
    }

    func testWriterLeavesNothingWhenOneFileFails() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("a.pdf")
        let bad = folder.appendingPathComponent("missing/b.json")
        XCTAssertThrowsError(try DossierWriter.writeAll([(Data("pdf".utf8), good), (Data("{}".utf8), bad)])) {
            XCTAssertTrue(String(describing: $0).contains("missing/b.json: cannot write"), "\($0)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
        try DossierWriter.writeAll([(Data("pdf".utf8), good)])
        XCTAssertEqual(try Data(contentsOf: good), Data("pdf".utf8))
    }
}
