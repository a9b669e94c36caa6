import Foundation
import XCTest

@testable import Tokenizers

/// Random nasty strings against Hugging Face, from fixtures too large to commit.
///
/// Generate them with `python3 Scripts/reference/tokenizer_fixtures.py --fuzz /tmp/fuzz --seed 1 --count 1000`
/// and run with `DOSSIER_TOKENIZER_FUZZ_DIR=/tmp/fuzz`; skipped otherwise.
final class TokenizerFuzzTests: XCTestCase {
    func testRandomStringsMatchReference() throws {
        guard let path = ProcessInfo.processInfo.environment["DOSSIER_TOKENIZER_FUZZ_DIR"] else {
            throw XCTSkip("set DOSSIER_TOKENIZER_FUZZ_DIR to a directory written by tokenizer_fixtures.py --fuzz")
        }
        let fuzzDirectory = URL(fileURLWithPath: path)
        var checked = 0
        for (name, directory) in [
            ("tiny-wordpiece-added", TokenizerFixtures.directory.appendingPathComponent("tiny-wordpiece-added")),
            ("tiny-bpe", TokenizerFixtures.directory.appendingPathComponent("tiny-bpe")),
            ("tiny-bpe-prefix-space", TokenizerFixtures.directory.appendingPathComponent("tiny-bpe-prefix-space")),
            ("tiny-unigram", TokenizerFixtures.directory.appendingPathComponent("tiny-unigram")),
            ("tiny-unigram-deberta", TokenizerFixtures.directory.appendingPathComponent("tiny-unigram-deberta")),
            (
                "tiny-unigram-byte-fallback",
                TokenizerFixtures.directory.appendingPathComponent("tiny-unigram-byte-fallback")
            ),
            ("all-MiniLM-L6-v2", TokenizerFixtures.baseModelDirectory),
            // Written into the fuzz directory itself: DeBERTa with split_by_punct, and, when sentencepiece is
            // installed, tiny-unigram with the whole nmt_nfkc map.
            ("tiny-unigram-punct", fuzzDirectory.appendingPathComponent("tiny-unigram-punct")),
            ("tiny-unigram-nmt-nfkc", fuzzDirectory.appendingPathComponent("tiny-unigram-nmt-nfkc")),
        ] {
            let url = fuzzDirectory.appendingPathComponent("\(name).expected.json")
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            let expected = try JSONDecoder().decode(TokenizerFixtures.Expected.self, from: Data(contentsOf: url))
            let tokenizer = try TokenizerLoader.load(directory: directory)
            TokenizerFixtures.check(tokenizer, against: expected.cases, label: "fuzz \(name)")
            checked += expected.cases.count
        }
        XCTAssertGreaterThan(checked, 0, "no fuzz fixtures in \(path)")
    }
}
