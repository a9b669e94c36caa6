import Foundation
import TestSupport
import XCTest

/// Runs the built `dossier` command and the PDF tools, as a user would.
enum CommandRunner {
    struct Result {
        var status: Int32
        var output: String
        var error: String
        var seconds: Double
    }

    /// The `dossier` binary built beside this test bundle.
    static func dossierBinary() throws -> URL {
        let executable = URL(
            fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "")
        var folder = executable.deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = folder.appendingPathComponent("dossier")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        XCTFail("the dossier binary is not built beside \(executable.path): run swift build first")
        throw CocoaError(.fileNoSuchFile)
    }

    /// Runs a program with arguments; standard input is empty.
    @discardableResult
    static func run(
        _ program: String, _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]
    ) throws -> Result {
        let process = Process()
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        // A bare name is looked up on PATH (python3 with jsonschema may live outside /usr/bin).
        process.executableURL = URL(fileURLWithPath: program.hasPrefix("/") ? program : "/usr/bin/env")
        process.arguments = program.hasPrefix("/") ? arguments : [program] + arguments
        if let directory { process.currentDirectoryURL = directory }
        // Standard error goes to a file, standard output through a pipe read to its end: neither can fill up
        // and block the child.
        let output = Pipe()
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let error = try FileHandle(forWritingTo: errorFile)
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        let started = Date()
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try error.close()
        let errData = (try? Data(contentsOf: errorFile)) ?? Data()
        return Result(
            status: process.terminationStatus, output: String(decoding: outData, as: UTF8.self),
            error: String(decoding: errData, as: UTF8.self), seconds: Date().timeIntervalSince(started))
    }

    /// Runs `dossier` with arguments from the repository root.
    @discardableResult
    static func dossier(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws
        -> Result
    {
        try run(try dossierBinary().path, arguments, in: directory ?? Fixtures.root, environment: environment)
    }

    /// A fresh temporary folder removed after the test.
    static func temporaryFolder(_ test: XCTestCase) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-it-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }
}
