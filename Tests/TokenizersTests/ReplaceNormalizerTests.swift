import Foundation
import XCTest

@testable import Tokenizers

/// The hand-written matchers of the regular expressions SentencePiece conversions use agree with Swift's regex
/// engine (which the fixtures check against `tokenizers`' Oniguruma) on random strings of spaces, breaks, other
/// whitespace, `▁` and letters.
final class ReplaceNormalizerTests: XCTestCase {
    func testKnownRegexMatchersAgreeWithTheRegexEngine() throws {
        let alphabet: [Unicode.Scalar] = [
            " ", " ", "\t", "\n", "\r", "a", "x", "\u{2581}", "\u{3000}", "\u{85}", "\u{A0}", "\u{2028}", "\u{0B}",
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for known in ReplaceNormalizer.KnownRegex.allCases {
            let regex = try ReplaceNormalizer.compile(known.rawValue)
            for _ in 0..<3000 {
                let scalars = (0..<next(14)).map { _ in alphabet[next(alphabet.count)] }
                let expected = ReplaceNormalizer.regexMatches(of: regex, in: scalars)
                let actual = known.matches(in: scalars)
                guard actual == expected else {
                    return XCTFail(
                        "\(known.rawValue) on \(scalars.map { String($0.value, radix: 16) }): \(actual) ≠ \(expected)")
                }
            }
        }
    }
}
