import Support
import XCTest

@testable import Attribution

/// The head-map thumbnails: the fast pooling (cells of a row band summed side by side) equals the plain row-major
/// loop bit for bit, for window lengths that divide the thumbnail side evenly, unevenly and not at all.
final class HeadMapsPoolTests: XCTestCase {
    func testPoolEqualsTheReferenceBitForBit() {
        var random = SeededGenerator(seed: 12)
        for tokens in [1, 2, 5, 31, 32, 33, 47, 64, 100, 241, 509, 512] {
            let heads = 3
            // Softmax-like rows: positive, uneven, so that summation order would show in the last bits.
            let scalars = (0..<(heads * tokens * tokens)).map { _ in
                Float(random.next(below: 1_000_000) + 1) / Float(7_777 * tokens)
            }
            let side = min(tokens, 32)
            for head in 0..<heads {
                let fast = WindowHeadMaps.pool(scalars, head: head, tokens: tokens, side: side)
                let reference = WindowHeadMaps.poolReference(scalars, head: head, tokens: tokens, side: side)
                XCTAssertEqual(
                    fast.map(\.bitPattern), reference.map(\.bitPattern),
                    "T = \(tokens), head \(head): thumbnails differ")
            }
        }
    }

    func testEmptyWindowHasNoCells() {
        XCTAssertEqual(WindowHeadMaps.pool([], head: 0, tokens: 0, side: 0), [], "no tokens, no cells")
    }
}
