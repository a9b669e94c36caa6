import Foundation
import TestSupport
import XCTest

/// Locating the committed reference fixtures and the fetched base model.
enum ReferenceFixtures {
    /// The repository root.
    static var root: URL { Fixtures.root }

    /// `Tests/Fixtures/models/<name>`.
    static func model(_ name: String) -> URL { Fixtures.model(name) }

    /// The fetched all-MiniLM-L6-v2 directory (see `Fixtures.baseModel`).
    static func baseModel() throws -> URL { try Fixtures.baseModel() }

    /// The assembled MiniLM classifier fixture (see `Fixtures.assembledMiniLM`).
    static func assembledMiniLM() throws -> URL { try Fixtures.assembledMiniLM() }

    /// `expected/cases.json` of a model fixture.
    struct Cases: Decodable {
        struct Case: Decodable {
            let name: String
            let text: String
            let ids: [Int]
            let offsets: [[Int]]
            let logits: [Float]
            let attention: String
            let rows: [Int]
        }
        struct Batch: Decodable {
            let texts: [String]
            let ids: [[Int]]
            let attentionMask: [[Int]]
            let logits: [[Float]]
            enum CodingKeys: String, CodingKey {
                case texts, ids, logits
                case attentionMask = "attention_mask"
            }
        }
        let model: String
        let cases: [Case]
        let batch: Batch
    }

    static func cases(_ name: String) throws -> Cases {
        let url = model(name).appendingPathComponent("expected/cases.json")
        return try JSONDecoder().decode(Cases.self, from: Data(contentsOf: url))
    }
}
