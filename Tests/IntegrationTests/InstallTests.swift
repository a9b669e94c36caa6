import Foundation
import TestSupport
import XCTest

/// The binary installed by `Scripts/install.sh` finds its fonts and templates from any working directory.
final class InstallTests: XCTestCase {
    func testInstalledBinaryRunsFromAnywhere() throws {
        let prefix = try CommandRunner.temporaryFolder(self)
        let install = try CommandRunner.run(
            "/bin/bash",
            [
                Fixtures.root.appendingPathComponent("Scripts/install.sh").path, prefix.path, "--binary",
                try CommandRunner.dossierBinary().path,
            ])
        XCTAssertEqual(install.status, 0, install.error)
        let elsewhere = try CommandRunner.temporaryFolder(self)
        let pdf = elsewhere.appendingPathComponent("d.pdf")
        let run = try CommandRunner.run(
            prefix.appendingPathComponent("bin/dossier").path,
            [
                "explain", Fixtures.root.appendingPathComponent("Samples/Documents/loan-04-form.txt").path, "--model",
                Fixtures.root.appendingPathComponent("Samples/Models/loan-decision").path, "--out", pdf.path,
                "--faithfulness", "none",
            ], in: elsewhere)
        XCTAssertEqual(run.status, 0, run.error)
        XCTAssertTrue(FileManager.default.fileExists(atPath: pdf.path))
    }
}
