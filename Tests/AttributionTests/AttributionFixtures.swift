import Foundation
import TestSupport
import XCTest

/// Locating the committed attribution fixtures and the fetched base model.
enum AttributionFixtures {
    static func model(_ name: String) -> URL { Fixtures.model(name) }
    static func attribution(_ name: String) -> URL { Fixtures.attribution(name) }
    static func assembledMiniLM() throws -> URL { try Fixtures.assembledMiniLM() }

    struct Cases: Decodable {
        struct Case: Decodable {
            let text: String
            let ids: [Int]
            let target: Int
            let logits: [Float]
        }
        let model: String
        let cases: [Case]
    }

    static func cases(_ name: String) throws -> Cases {
        try JSONDecoder().decode(
            Cases.self, from: Data(contentsOf: attribution(name).appendingPathComponent("cases.json")))
    }
}
