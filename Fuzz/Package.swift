// swift-tools-version: 6.0
// Coverage-guided fuzz targets for the parsers of hostile input (libFuzzer through
// `swiftc -sanitize=fuzzer,address`). A package of its own so the main package stays untouched; build and run
// them with `Scripts/fuzz.sh` (a plain `swift build` cannot link them: the driver comes from libFuzzer).
import PackageDescription

/// A fuzz target: one executable whose `LLVMFuzzerTestOneInput` libFuzzer calls.
func fuzzTarget(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(name: name, dependencies: dependencies + ["FuzzSupport"], path: "Sources/\(name)")
}

let package = Package(
    name: "AttentionDossierFuzz",
    dependencies: [.package(name: "AttentionDossier", path: "..")],
    targets: [
        .target(name: "CFuzzDriver", path: "Sources/CFuzzDriver"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzDriver"], path: "Sources/FuzzSupport"),
        fuzzTarget("FuzzSafetensors", [.product(name: "Tensors", package: "AttentionDossier")]),
        fuzzTarget("FuzzCheckpointIndex", [.product(name: "Models", package: "AttentionDossier")]),
        fuzzTarget("FuzzModelConfiguration", [.product(name: "Models", package: "AttentionDossier")]),
        fuzzTarget("FuzzTokenizer", [.product(name: "Tokenizers", package: "AttentionDossier")]),
        fuzzTarget("FuzzDocumentText", [.product(name: "Dossier", package: "AttentionDossier")]),
        fuzzTarget("FuzzTemplate", [.product(name: "Dossier", package: "AttentionDossier")]),
    ],
    swiftLanguageModes: [.v5]
)
