import Foundation
import TestSupport
import XCTest

/// `dossier batch`, `merge`, `verify DIR|ZIP` and `heads` run as a user would, on the sample loan model.
final class BatchCommandTests: XCTestCase {
    static let model = "Samples/Models/loan-decision"

    /// Six short documents as a JSONL input (inline text and a file path), plus one row of each kind of mistake.
    func makeInput(in folder: URL, bad: Bool) throws -> URL {
        let samples = [
            "loan-04-form.txt", "loan-06-form.txt", "loan-07-officer-summary.txt", "loan-09-officer-summary.txt",
        ]
        var lines: [String] = []
        for (index, name) in samples.enumerated() {
            let text = try String(
                contentsOf: Fixtures.root.appendingPathComponent("Samples/Documents/\(name)"), encoding: .utf8)
            // Short: the first 700 characters keep a test document to one window.
            let object: [String: String] = [
                "id": "APP/\(index + 1)", "text": String(text.prefix(700)), "reviewer": "R. Q.",
            ]
            lines.append(
                String(
                    decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
            )
        }
        try Data(
            String(
                try String(
                    contentsOf: Fixtures.root.appendingPathComponent("Samples/Documents/loan-05-form.txt"),
                    encoding: .utf8
                ).prefix(700)
            ).utf8
        )
        .write(to: folder.appendingPathComponent("form.txt"))
        lines.append(#"{"id": "file-row", "path": "form.txt", "caseId": "APP-2026-0005"}"#)
        lines.append(
            #"{"id": "Loan Ä", "text": "The applicant has a stable income of 5,200 a month and no missed payments."}"#)
        if bad {
            lines.append(#"{"id": "missing-file", "path": "nowhere.txt"}"#)
            lines.append(#"{"id": "empty", "text": "   "}"#)
            lines.append("this line is not JSON")
            lines.append(#"{"id": "bad-date", "text": "Income 3,000.", "decisionDate": "2026-13-45"}"#)
        }
        let input = folder.appendingPathComponent("input.jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: input)
        return input
    }

    func batch(_ input: URL, _ out: URL, _ extra: [String] = []) throws -> CommandRunner.Result {
        try CommandRunner.dossier(
            ["batch", input.path, "--model", Self.model, "--out", out.path, "--date", "2026-12-01", "--quiet"] + extra)
    }

    func manifest(_ folder: URL) throws -> [[String: Any]] {
        let text = try String(contentsOf: folder.appendingPathComponent("manifest.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    func assertComplete(_ folder: URL, expected: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let rows = try manifest(folder)
        let ids = rows.compactMap { $0["id"] as? String }
        XCTAssertEqual(ids.count, expected, "every document once", file: file, line: line)
        XCTAssertEqual(Set(ids).count, ids.count, "no duplicates: \(ids)", file: file, line: line)
        for row in rows where row["status"] as? String == "done" {
            let pdf = folder.appendingPathComponent(try XCTUnwrap(row["pdf"] as? String))
            let check = try CommandRunner.run("qpdf", ["--check", pdf.path])
            XCTAssertEqual(check.status, 0, "\(pdf.lastPathComponent): \(check.output)", file: file, line: line)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(
            atPath: folder.appendingPathComponent("dossiers").path
        )
        .filter { $0.hasSuffix(".partial") }
        XCTAssertEqual(leftovers, [], file: file, line: line)
        let sums = try CommandRunner.run("sha256sum", ["--quiet", "-c", "SHA256SUMS"], in: folder)
        XCTAssertEqual(sums.status, 0, sums.output + sums.error, file: file, line: line)
    }

    func testBadDocumentsAreRecordedAndTheBatchGoesOn() throws {
        let folder = try CommandRunner.temporaryFolder(self)
        let input = try makeInput(in: folder, bad: true)
        let out = folder.appendingPathComponent("out")
        let zip = folder.appendingPathComponent("package.zip")
        let result = try batch(input, out, ["--archive", zip.path, "--faithfulness", "none"])
        XCTAssertEqual(result.status, 1, "a failed document makes the exit status 1: \(result.error)")
        XCTAssertTrue(result.output.contains("6 explained, 4 failed"), result.output)
        try assertComplete(out, expected: 10)
        let rows = try manifest(out)
        let failures = Dictionary(
            uniqueKeysWithValues: rows.filter { $0["status"] as? String == "failed" }.map {
                ($0["id"] as? String ?? "", $0["error"] as? String ?? "")
            })
        XCTAssertTrue(failures["missing-file"]?.contains("nowhere.txt") ?? false, "\(failures)")
        XCTAssertTrue(failures["missing-file"]?.contains("no such file") ?? false, "\(failures)")
        XCTAssertTrue(failures["empty"]?.contains("no text") ?? false, "\(failures)")
        XCTAssertTrue(failures["#line 9"]?.contains("not a JSON object") ?? false, "\(failures)")
        XCTAssertTrue(failures["bad-date"]?.contains("decisionDate") ?? false, "\(failures)")
        // Ids become safe file names; case fields reach the record.
        let odd = try XCTUnwrap(rows.first { $0["id"] as? String == "APP/1" })
        let pdfName = try XCTUnwrap(odd["pdf"] as? String)
        XCTAssertTrue(pdfName.hasPrefix("dossiers/APP_1-") && !pdfName.dropFirst(9).contains("/"), pdfName)
        let sidecar =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: out.appendingPathComponent(try XCTUnwrap(odd["json"] as? String))))
            as? [String: Any]
        let caseRecord = sidecar?["caseRecord"] as? [String: Any]
        XCTAssertEqual(caseRecord?["reviewer"] as? String, "R. Q.")
        XCTAssertEqual(caseRecord?["caseId"] as? String, "APP/1")
        // The CSV view and the index exist; the index links to dossiers.
        let csv = try String(contentsOf: out.appendingPathComponent("manifest.csv"), encoding: .utf8)
        XCTAssertEqual(csv.split(separator: "\r\n").count, 11)
        let index = try CommandRunner.run("pdftotext", [out.appendingPathComponent("index.pdf").path, "-"])
        XCTAssertTrue(index.output.contains("Documents that failed"), index.output)
        XCTAssertTrue(index.output.contains("nowhere.txt"), index.output)

        // The archive: unpacked, its SHA256SUMS checks with sha256sum -c; verify reads it directly.
        let unpacked = folder.appendingPathComponent("unpacked")
        try FileManager.default.createDirectory(at: unpacked, withIntermediateDirectories: true)
        XCTAssertEqual(try CommandRunner.run("unzip", ["-q", zip.path, "-d", unpacked.path]).status, 0)
        let sums = try CommandRunner.run("sha256sum", ["-c", "SHA256SUMS"], in: unpacked)
        XCTAssertEqual(sums.status, 0, sums.output + sums.error)
        XCTAssertEqual(sums.output.split(separator: "\n").count, 4 + 12, sums.output)
        let verifyZip = try CommandRunner.dossier(["verify", zip.path])
        XCTAssertEqual(verifyZip.status, 0, verifyZip.output + verifyZip.error)

        // verify names a modified PDF and a missing one.
        let pdfs = rows.compactMap { $0["pdf"] as? String }.sorted()
        var bytes = try Data(contentsOf: out.appendingPathComponent(pdfs[0]))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: out.appendingPathComponent(pdfs[0]))
        try FileManager.default.removeItem(at: out.appendingPathComponent(pdfs[1]))
        let verify = try CommandRunner.dossier(["verify", out.path])
        XCTAssertEqual(verify.status, 1)
        XCTAssertTrue(verify.output.contains("\(pdfs[0]): modified"), verify.output)
        XCTAssertTrue(verify.output.contains("\(pdfs[1]): missing"), verify.output)

        // Running again into the same folder without --resume is refused.
        let again = try batch(input, out)
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.error.contains("--resume"), again.error)
    }

    func testShardsMergedEqualOneUnshardedRun() throws {
        let folder = try CommandRunner.temporaryFolder(self)
        let input = try makeInput(in: folder, bad: false)
        let whole = folder.appendingPathComponent("whole")
        XCTAssertEqual(try batch(input, whole, ["--jobs", "2"]).status, 0)
        let sharded = folder.appendingPathComponent("sharded")
        for k in 1...3 {
            let result = try batch(input, sharded, ["--shard", "\(k)/3", "--jobs", "1"])
            XCTAssertEqual(result.status, 0, result.error)
        }
        let shardFolders = (1...3).map { sharded.appendingPathComponent("shard-\($0)-of-3").path }
        // Two shards are not the whole batch.
        let partial = try CommandRunner.dossier(
            ["merge", shardFolders[0], shardFolders[2], "--out", folder.appendingPathComponent("partial").path])
        XCTAssertEqual(partial.status, 1)
        XCTAssertTrue(partial.error.contains("shard 2/3 missing"), partial.error)
        let merged = folder.appendingPathComponent("merged")
        let merge = try CommandRunner.dossier(["merge"] + shardFolders + ["--out", merged.path])
        XCTAssertEqual(merge.status, 0, merge.error)
        try assertComplete(merged, expected: 6)

        func rows(_ folder: URL) throws -> [String] {
            try manifest(folder).map { row in
                var row = row
                row["seconds"] = 0
                return String(
                    decoding: try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys]), as: UTF8.self)
            }
        }
        XCTAssertEqual(try rows(merged), try rows(whole))
        for row in try manifest(whole) {
            for key in ["pdf", "json"] {
                let name = try XCTUnwrap(row[key] as? String)
                XCTAssertEqual(
                    try Data(contentsOf: merged.appendingPathComponent(name)),
                    try Data(contentsOf: whole.appendingPathComponent(name)), "\(name) differs")
            }
        }
        // The same shard merged twice is refused.
        let doubled = try CommandRunner.dossier(
            [
                "merge", shardFolders[0], shardFolders[0], shardFolders[1], "--out",
                folder.appendingPathComponent("d").path,
            ])
        XCTAssertEqual(doubled.status, 1)
        XCTAssertTrue(doubled.error.contains("twice"), doubled.error)

        // The head census reads the merged batch.
        let heads = folder.appendingPathComponent("heads.pdf")
        let census = try CommandRunner.dossier(["heads", merged.path, "--out", heads.path])
        XCTAssertEqual(census.status, 0, census.error)
        XCTAssertTrue(census.output.contains("6 documents, 72 heads"), census.output)
        XCTAssertEqual(try CommandRunner.run("qpdf", ["--check", heads.path]).status, 0)
        // … and a corpus explained on the spot gives the same census as the batch's sidecars.
        let corpusJSON = folder.appendingPathComponent("corpus-heads.json")
        let batchJSON = folder.appendingPathComponent("batch-heads.json")
        let fromCorpus = try CommandRunner.dossier(
            [
                "heads", input.path, "--model", Self.model, "--out", folder.appendingPathComponent("c.pdf").path,
                "--json", corpusJSON.path,
            ])
        XCTAssertEqual(fromCorpus.status, 0, fromCorpus.error)
        XCTAssertEqual(
            try CommandRunner.dossier(
                ["heads", merged.path, "--out", heads.path, "--json", batchJSON.path]).status, 0)
        let a = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: corpusJSON)) as? [String: Any])
        let b = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: batchJSON)) as? [String: Any])
        XCTAssertEqual(a["documents"] as? Int, 6)
        XCTAssertEqual(a["decisions"] as? [String: Int], b["decisions"] as? [String: Int])
        let sharesA = (a["heads"] as? [[String: Any]] ?? []).compactMap { $0["meanShare"] as? Double }
        let sharesB = (b["heads"] as? [[String: Any]] ?? []).compactMap { $0["meanShare"] as? Double }
        XCTAssertEqual(sharesA.count, 72)
        for (x, y) in zip(sharesA, sharesB) { XCTAssertEqual(x, y, accuracy: 1e-6) }
    }

    func testKilledAtAnyMomentResumeFinishesEveryDocumentOnce() throws {
        let folder = try CommandRunner.temporaryFolder(self)
        let input = try makeInput(in: folder, bad: true)
        let out = folder.appendingPathComponent("out")
        let binary = try CommandRunner.dossierBinary()
        let arguments = [
            "batch", input.path, "--model", Self.model, "--out", out.path, "--date", "2026-12-01", "--quiet",
            "--jobs", "2", "--faithfulness", "none", "--resume",
        ]
        // Kill while loading, then after the 1st, 3rd and 5th manifest lines (mid-document, mid-write or between).
        for (delay, lines) in [(0.3, 0), (0, 1), (0, 3), (0.15, 5)] {
            let process = Process()
            process.executableURL = binary
            process.arguments = arguments
            process.currentDirectoryURL = Fixtures.root
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(120)
            while process.isRunning, Date() < deadline {
                let count =
                    (try? String(contentsOf: out.appendingPathComponent("manifest.jsonl"), encoding: .utf8))?
                    .split(separator: "\n").count ?? 0
                if count >= lines { break }
                usleep(20_000)
            }
            usleep(useconds_t(delay * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        // A torn last line, as a kill in the middle of a write would leave.
        let handle = try FileHandle(forWritingTo: out.appendingPathComponent("manifest.jsonl"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"id":"tor"#.utf8))
        try handle.close()

        let finish = try CommandRunner.run(binary.path, arguments, in: Fixtures.root)
        XCTAssertEqual(finish.status, 1, "4 documents fail: \(finish.error)")
        try assertComplete(out, expected: 10)
        XCTAssertEqual(try CommandRunner.dossier(["verify", out.path]).status, 0)
        // Resuming a finished batch makes nothing and changes nothing.
        let sums = try Data(contentsOf: out.appendingPathComponent("SHA256SUMS"))
        let idle = try CommandRunner.run(binary.path, arguments, in: Fixtures.root)
        XCTAssertTrue(idle.output.contains("0 explained, 0 failed (10 already done)"), idle.output)
        XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent("SHA256SUMS")), sums)
        // A resume with other settings is refused.
        var other = arguments
        other[other.firstIndex(of: "none")!] = "quick"
        let refused = try CommandRunner.run(binary.path, other, in: Fixtures.root)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.error.contains("trust level"), refused.error)
    }

    func testUnwritableOutputStopsWithAClearError() throws {
        let folder = try CommandRunner.temporaryFolder(self)
        let input = try makeInput(in: folder, bad: false)
        let blocker = folder.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: blocker)
        let result = try batch(input, blocker.appendingPathComponent("out"))
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.error.split(separator: "\n").count, 1, result.error)
        XCTAssertTrue(result.error.contains("a-file/out"), result.error)
        let badShard = try batch(input, folder.appendingPathComponent("o"), ["--shard", "4/3"])
        XCTAssertNotEqual(badShard.status, 0)
        XCTAssertTrue(badShard.error.contains("K/N"), badShard.error)
    }
}
