import Foundation
import XCTest

@testable import Tokenizers

/// Every Unicode code point through the BERT character tables and normaliser, against Hugging Face
/// `tokenizers` (`unicode-sweep.json`). Pins the differences between Swift's Unicode data and the tables
/// `tokenizers` was built with (e.g. which format characters clean-up removes, the CJK ranges).
final class UnicodeSweepTests: XCTestCase {
    private struct Sweep: Decodable {
        var blockSize: Int
        var removedByClean: [[UInt32]]
        var spaceByClean: [[UInt32]]
        var chinese: [[UInt32]]
        var punctuation: [[UInt32]]
        var whitespace: [[UInt32]]
        /// Normaliser configuration → block start (decimal) → CRC-32 of the block's outputs.
        var digests: [String: [String: UInt32]]
    }

    private static let allScalars: [Unicode.Scalar] = (0..<0x11_0000).compactMap { Unicode.Scalar(UInt32($0)) }

    private func loadSweep() throws -> Sweep {
        let url = TokenizerFixtures.directory.appendingPathComponent("unicode-sweep.json")
        return try JSONDecoder().decode(Sweep.self, from: Data(contentsOf: url))
    }

    /// Fails with the first code points where `actual` and the reference set disagree.
    private func assertClass(
        _ name: String, reference: [[UInt32]], actual: (Unicode.Scalar) -> Bool,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        var expected = Set<UInt32>()
        for run in reference { expected.formUnion(run[0]...run[1]) }
        var mismatches: [String] = []
        var count = 0
        for scalar in Self.allScalars where actual(scalar) != expected.contains(scalar.value) {
            count += 1
            if mismatches.count < 12 {
                mismatches.append(
                    String(format: "U+%04X", scalar.value)
                        + (expected.contains(scalar.value) ? " (HF: yes)" : " (HF: no)"))
            }
        }
        XCTAssertEqual(
            count, 0, "\(name): \(count) code points differ from HF, e.g. \(mismatches)", file: file, line: line)
    }

    func testCleanTextRemovesAndSpacesTheSameCharacters() throws {
        let sweep = try loadSweep()
        let clean = BertNormalizer(
            cleanText: true, handleChineseCharacters: false, stripAccents: false, lowercase: false)
        assertClass("removed by clean_text", reference: sweep.removedByClean) { scalar in
            clean.normalize([scalar], range: 0..<1).scalars.isEmpty
        }
        assertClass("mapped to space by clean_text", reference: sweep.spaceByClean) { scalar in
            scalar != " " && clean.normalize([scalar], range: 0..<1).scalars == [" "]
        }
    }

    func testChineseCharacterRanges() throws {
        let sweep = try loadSweep()
        assertClass("CJK isolated", reference: sweep.chinese) { $0.isBertChineseCharacter }
    }

    func testPreTokenizerPunctuationAndWhitespace() throws {
        let sweep = try loadSweep()
        func words(_ scalar: Unicode.Scalar) -> Int {
            BertPreTokenizer.split(NormalizedText(identityOf: ["a", scalar, "a"], range: 0..<3)).count
        }
        assertClass("punctuation", reference: sweep.punctuation) { words($0) == 3 }
        assertClass("whitespace", reference: sweep.whitespace) { words($0) == 2 }
    }

    func testNormalizerOutputsMatchBlockDigests() throws {
        let sweep = try loadSweep()
        let configurations: [(String, BertNormalizer)] = [
            (
                "stripAndLowercase",
                BertNormalizer(cleanText: false, handleChineseCharacters: false, stripAccents: true, lowercase: true)
            ),
            (
                "lowercase",
                BertNormalizer(cleanText: false, handleChineseCharacters: false, stripAccents: false, lowercase: true)
            ),
            (
                "strip",
                BertNormalizer(cleanText: false, handleChineseCharacters: false, stripAccents: true, lowercase: false)
            ),
        ]
        #if DEBUG
            // Unoptimised builds take about a minute for every plane; check the planes with assigned
            // decompositions and case mappings (BMP and SMP). Release builds (CI) check all of them.
            let end: UInt32 = 0x2_0000
        #else
            let end: UInt32 = 0x11_0000
        #endif
        for (name, normalizer) in configurations {
            let digests = try XCTUnwrap(sweep.digests[name], "no digests for \(name)")
            var differing: [String] = []
            var blockStart: UInt32 = 0
            while blockStart < end {
                var crc = CRC32()
                for value in blockStart..<(blockStart + UInt32(sweep.blockSize)) {
                    guard let scalar = Unicode.Scalar(value) else { continue }
                    for output in normalizer.normalize([scalar], range: 0..<1).scalars {
                        crc.update(Array(String(output).utf8))
                    }
                    crc.update([0])
                }
                if digests[String(blockStart)] != crc.value {
                    differing.append(String(format: "U+%04X", blockStart))
                }
                blockStart += UInt32(sweep.blockSize)
            }
            XCTAssertEqual(
                differing, [],
                "\(name): normaliser output differs from HF in the blocks of \(sweep.blockSize) starting at \(differing)"
            )
        }
    }
}
