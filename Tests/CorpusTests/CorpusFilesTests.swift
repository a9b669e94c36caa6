import Corpus
import Foundation
import XCTest

final class CorpusFilesTests: XCTestCase {
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("corpus-tests-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testWriterWritesTextsAndIndexWithoutLeftovers() throws {
        let directory = try temporaryDirectory().appendingPathComponent("nested/out")
        let documents = try CorpusGenerator(seed: 3, options: .init(kind: .contract)).generate(count: 5)
        try CorpusWriter(directory: directory).write(documents)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        XCTAssertEqual(names, (documents.map { $0.id + ".txt" } + ["corpus.jsonl"]).sorted(), "no temporary files left")
        for document in documents {
            let text = try String(contentsOf: directory.appendingPathComponent(document.id + ".txt"), encoding: .utf8)
            XCTAssertEqual(text, document.text, document.id)
        }
        let index = try String(contentsOf: directory.appendingPathComponent("corpus.jsonl"), encoding: .utf8)
        XCTAssertEqual(try CorpusDocument.decodeJSONLines(index, path: "corpus.jsonl"), documents)
    }

    func testWriterNamesABadPath() throws {
        let directory = try temporaryDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("plain-file")
        try Data("x".utf8).write(to: file)
        XCTAssertThrowsError(try CorpusWriter(directory: file).write([])) { error in
            XCTAssertEqual(error as? CorpusError, .notADirectory(path: file.path))
        }
        XCTAssertThrowsError(try CorpusWriter(directory: file.appendingPathComponent("below/deeper")).write([])) {
            error in
            XCTAssertEqual(error as? CorpusError, .notADirectory(path: file.path), "names the blocking file")
        }
    }

    func testSplitIsDeterministicStratifiedAndComplete() throws {
        let documents = try CorpusSamples.documents(.loan)
        let split = try CorpusSplit(documents, train: 0.8, validation: 0.1, seed: 9)
        XCTAssertEqual(split, try CorpusSplit(documents, train: 0.8, validation: 0.1, seed: 9))
        XCTAssertNotEqual(split.train.map(\.id), try CorpusSplit(documents, seed: 10).train.map(\.id))
        let ids = (split.train + split.validation + split.test).map(\.id)
        XCTAssertEqual(ids.count, documents.count)
        XCTAssertEqual(Set(ids), Set(documents.map(\.id)))
        XCTAssertEqual(Double(split.train.count), 2_400, accuracy: 3)
        XCTAssertEqual(Double(split.validation.count), 300, accuracy: 3)
        for label in LoanLabel.allCases.map(\.rawValue) {
            let whole = Double(documents.filter { $0.label == label }.count) / Double(documents.count)
            let test = Double(split.test.filter { $0.label == label }.count) / Double(split.test.count)
            XCTAssertEqual(test, whole, accuracy: 0.01, "label \(label) share in the test part")
        }
        XCTAssertThrowsError(try CorpusSplit(documents, train: 0.9, validation: 0.2))
    }

    func testTextsAreNFCSoScalarOffsetsMatchPython() throws {
        for kind in DocumentKind.allCases {
            for document in try CorpusSamples.documents(kind).prefix(500) {
                let normalized = document.text.precomposedStringWithCanonicalMapping
                XCTAssert(
                    normalized.unicodeScalars.elementsEqual(document.text.unicodeScalars), "\(document.id) is not NFC")
            }
        }
    }

    func testSpansArePythonStringIndices() throws {
        let text = "Nguyễn paid €40"
        let span = Span(start: 12, end: 15)
        XCTAssertEqual(span.substring(of: text), "€40", "scalar offsets: ễ and € are one scalar each")
        XCTAssertNil(Span(start: 10, end: 16).substring(of: text))
    }
}
