import Foundation
import XCTest

@testable import Tokenizers

/// Added tokens with the options tokenizer.json can carry: `normalized` (matched in the lower-cased,
/// accent-stripped text), `single_word` and `rstrip`.
final class AddedTokenTests: XCTestCase {
    func testAddedTokenOptionsMatchReference() throws {
        let expected = try TokenizerFixtures.expected("tiny-wordpiece-added")
        let tokenizer = try TokenizerLoader.load(
            directory: TokenizerFixtures.directory.appendingPathComponent("tiny-wordpiece-added"))
        XCTAssertTrue(expected.cases.contains { $0.name == "added_normalized" })
        TokenizerFixtures.check(tokenizer, against: expected.cases, label: "tiny-wordpiece-added")
    }
}
