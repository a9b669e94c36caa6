import Foundation
import XCTest

@testable import Typesetting

/// Helpers shared by the Typesetting tests: fonts, temporary folders and the poppler/qpdf command-line tools.
enum TestSupport {
    /// The repository root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The shipped fonts with system fallback.
    static func fonts(fallback: Bool = true) throws -> FontLibrary {
        try FontLibrary(directory: repositoryRoot.appendingPathComponent("Fonts"), usesSystemFallback: fallback)
    }

    /// A fresh temporary folder, removed at the end of the test.
    static func temporaryFolder(_ test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("typesetting-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// The result of running a tool.
    struct ToolResult {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a command-line tool found on `PATH`; fails the test when the tool is missing.
    static func run(_ tool: String, _ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws
        -> ToolResult
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let result = ToolResult(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
        if result.status == 127 {
            XCTFail(
                "\(tool) is not installed (install poppler-utils and qpdf: Scripts/setup.sh)", file: file, line: line)
        }
        return result
    }

    /// Writes a document to a folder and returns the PDF's URL.
    static func write(_ document: DocumentBuilder, name: String, in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try document.write(to: url)
        // Keep a copy for looking at the pages when asked to.
        if let keep = ProcessInfo.processInfo.environment["TYPESETTING_KEEP_PDFS"], !keep.isEmpty {
            let target = URL(fileURLWithPath: keep).appendingPathComponent(name)
            try? FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: url, to: target)
        }
        return url
    }

    /// The text layer of a PDF as `pdftotext` extracts it (`-raw`: content-stream order, no layout padding).
    static func text(of pdf: URL, firstPage: Int? = nil, lastPage: Int? = nil) throws -> String {
        var arguments = ["-raw", "-enc", "UTF-8"]
        if let firstPage { arguments += ["-f", String(firstPage)] }
        if let lastPage { arguments += ["-l", String(lastPage)] }
        let result = try run("pdftotext", arguments + [pdf.path, "-"])
        XCTAssertEqual(result.status, 0, "pdftotext failed on \(pdf.lastPathComponent): \(result.stderr)")
        return result.stdout
    }

    /// A rasterised page: RGB bytes, row-major.
    struct Raster {
        var width: Int
        var height: Int
        var rgb: [UInt8]

        /// How many pixels are within `tolerance` (per channel, 0–255) of a colour.
        func count(near color: Color, tolerance: Int = 6) -> Int {
            let target = [color.red, color.green, color.blue].map { Int(($0 * 255).rounded()) }
            var count = 0
            var i = 0
            while i + 2 < rgb.count {
                if abs(Int(rgb[i]) - target[0]) <= tolerance, abs(Int(rgb[i + 1]) - target[1]) <= tolerance,
                    abs(Int(rgb[i + 2]) - target[2]) <= tolerance
                {
                    count += 1
                }
                i += 3
            }
            return count
        }
    }

    /// Renders one page with `pdftoppm` (binary PPM) and decodes it.
    static func rasterize(_ pdf: URL, page: Int, dpi: Int = 72) throws -> Raster {
        let prefix = pdf.deletingPathExtension().path + "-raster"
        let result = try run(
            "pdftoppm", ["-r", String(dpi), "-f", String(page), "-l", String(page), "-singlefile", pdf.path, prefix])
        XCTAssertEqual(result.status, 0, result.stderr)
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: prefix + ".ppm")))
        // Header: "P6", width, height, maxval, each followed by one whitespace byte.
        var fields: [String] = []
        var index = 0
        var current = ""
        while fields.count < 4, index < data.count {
            let byte = data[index]
            index += 1
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                if !current.isEmpty {
                    fields.append(current)
                    current = ""
                }
            } else {
                current.append(Character(Unicode.Scalar(byte)))
            }
        }
        guard fields.count == 4, fields[0] == "P6", let width = Int(fields[1]), let height = Int(fields[2]) else {
            throw TypesettingError.invalidValue(what: "pdftoppm output", reason: "not a binary PPM: \(fields)")
        }
        return Raster(width: width, height: height, rgb: Array(data[index...]))
    }

    /// The text with all whitespace runs collapsed to single spaces.
    static func words(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
