import Foundation
import XCTest

/// Locating the committed fixtures and the fetched base model, shared by the test targets.
public enum Fixtures {
    /// The repository root, found from this file's path.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `Tests/Fixtures/models/<name>`.
    public static func model(_ name: String) -> URL { root.appendingPathComponent("Tests/Fixtures/models/\(name)") }

    /// `Tests/Fixtures/attribution/<name>`.
    public static func attribution(_ name: String) -> URL {
        root.appendingPathComponent("Tests/Fixtures/attribution/\(name)")
    }

    /// The all-MiniLM-L6-v2 directory fetched by `Scripts/fetch-base-model.sh`, or a skip (a failure when
    /// `DOSSIER_REQUIRE_BASE_MODEL=1`, as CI sets it).
    public static func baseModel() throws -> URL {
        let directory = root.appendingPathComponent(".cache/models/all-MiniLM-L6-v2")
        if FileManager.default.fileExists(atPath: directory.appendingPathComponent("model.safetensors").path) {
            return directory
        }
        let message = "all-MiniLM-L6-v2 not found at \(directory.path): run bash Scripts/fetch-base-model.sh"
        if ProcessInfo.processInfo.environment["DOSSIER_REQUIRE_BASE_MODEL"] == "1" {
            XCTFail(message)
            throw CocoaError(.fileNoSuchFile)
        }
        throw XCTSkip(message)
    }

    /// A temporary directory holding the MiniLM classifier fixture: the committed config, head and sharded
    /// index beside links to the fetched base weights and tokenizer files. Remove it when done.
    public static func assembledMiniLM() throws -> URL {
        let base = try baseModel()
        let fixture = model("minilm-head")
        let manager = FileManager.default
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
}
