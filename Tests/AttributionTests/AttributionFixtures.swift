import Foundation
import XCTest

/// Locating the committed attribution fixtures and the fetched base model.
enum AttributionFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func model(_ name: String) -> URL { root.appendingPathComponent("Tests/Fixtures/models/\(name)") }
    static func attribution(_ name: String) -> URL {
        root.appendingPathComponent("Tests/Fixtures/attribution/\(name)")
    }

    /// The MiniLM classifier fixture assembled in a temporary directory (see ModelsTests' ReferenceFixtures).
    static func assembledMiniLM() throws -> URL {
        let base = root.appendingPathComponent(".cache/models/all-MiniLM-L6-v2")
        let manager = FileManager.default
        guard manager.fileExists(atPath: base.appendingPathComponent("model.safetensors").path) else {
            let message = "all-MiniLM-L6-v2 not found at \(base.path): run bash Scripts/fetch-base-model.sh"
            if ProcessInfo.processInfo.environment["DOSSIER_REQUIRE_BASE_MODEL"] == "1" {
                XCTFail(message)
                throw CocoaError(.fileNoSuchFile)
            }
            throw XCTSkip(message)
        }
        let fixture = model("minilm-head")
        let directory = manager.temporaryDirectory.appendingPathComponent("minilm-head-\(UUID().uuidString)")
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in ["config.json", "head.safetensors", "model.safetensors.index.json"] {
            try manager.createSymbolicLink(
                at: directory.appendingPathComponent(name), withDestinationURL: fixture.appendingPathComponent(name))
        }
        try manager.createSymbolicLink(
            at: directory.appendingPathComponent("base.safetensors"),
            withDestinationURL: base.appendingPathComponent("model.safetensors"))
        for name in ["tokenizer.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json"] {
            let source = base.appendingPathComponent(name)
            if manager.fileExists(atPath: source.path) {
                try manager.createSymbolicLink(at: directory.appendingPathComponent(name), withDestinationURL: source)
            }
        }
        return directory
    }

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
