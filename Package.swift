// swift-tools-version: 6.0
// Attention Dossier: explains transformer text-classifier decisions as audit-grade PDF dossiers.
// The target graph follows the pipeline; arrows only point to earlier stages (see README.md).
import PackageDescription

/// A SwiftPM system-library target for a Debian `-dev` package found through pkg-config.
func systemLibrary(_ name: String, pkgConfig: String, apt: [String]) -> Target {
    .systemLibrary(name: name, path: "Sources/\(name)", pkgConfig: pkgConfig, providers: [.apt(apt)])
}

let package = Package(
    name: "AttentionDossier",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "dossier", targets: ["DossierCommand"]),
        .library(name: "Tensors", targets: ["Tensors"]),
        .library(name: "Tokenizers", targets: ["Tokenizers"]),
        .library(name: "Support", targets: ["Support"]),
        .library(name: "Models", targets: ["Models"]),
        .library(name: "Training", targets: ["Training"]),
        .library(name: "Attribution", targets: ["Attribution"]),
        .library(name: "Typesetting", targets: ["Typesetting"]),
        .library(name: "Dossier", targets: ["Dossier"]),
        .library(name: "Batch", targets: ["Batch"]),
        .library(name: "Corpus", targets: ["Corpus"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // C libraries, each behind a module map and a shim header.
        systemLibrary("CBLAS", pkgConfig: "openblas", apt: ["libopenblas-dev"]),
        systemLibrary("CFreeType", pkgConfig: "freetype2", apt: ["libfreetype-dev"]),
        systemLibrary("CHarfBuzz", pkgConfig: "harfbuzz", apt: ["libharfbuzz-dev"]),
        systemLibrary("CCairo", pkgConfig: "cairo", apt: ["libcairo2-dev"]),
        systemLibrary("CFontconfig", pkgConfig: "fontconfig", apt: ["libfontconfig-dev"]),
        systemLibrary("COpenSSL", pkgConfig: "libcrypto", apt: ["libssl-dev"]),
        // glibc's <malloc.h> (mallopt), which the Glibc module does not export.
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        // Our own C: AVX-512 element-wise kernels chosen at run time (the Swift code builds for baseline x86-64).
        .target(name: "CVectorKernels"),

        // Shared by every stage: the seeded generator and the atomic file writer.
        .target(name: "Support"),

        // Pipeline stages. Every target declares each module it imports.
        .target(name: "Tensors", dependencies: ["CBLAS", "CVectorKernels", "CMalloc", "Support"]),
        .target(name: "Tokenizers"),
        .target(name: "Models", dependencies: ["Tensors", "Support"]),
        .target(name: "Training", dependencies: ["Models", "Tokenizers", "Tensors", "Support"]),
        .target(name: "Attribution", dependencies: ["Models", "Tokenizers", "Tensors", "Support"]),
        .target(
            name: "Typesetting", dependencies: ["CCairo", "CHarfBuzz", "CFreeType", "CFontconfig", "Support"]),
        .target(
            name: "Dossier",
            dependencies: [
                "Attribution", "Typesetting", "Models", "Tokenizers", "Tensors", "Support", "COpenSSL",
                .product(name: "Mustache", package: "swift-mustache"),
            ]),
        .target(
            name: "Batch",
            dependencies: [
                "Dossier", "Attribution", "Typesetting", "Support",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]),
        .target(name: "Corpus", dependencies: ["Support"], exclude: ["RULES.md"]),
        .executableTarget(
            name: "DossierCommand",
            dependencies: [
                "Batch", "Dossier", "Attribution", "Training", "Corpus", "Tensors", "Support",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Benchmarks print figures; they are not tests.
        .executableTarget(
            name: "EngineBenchmark", dependencies: ["Tensors", "Models", "Tokenizers", "Attribution", "Support"],
            path: "Benchmarks/EngineBenchmark"),
        .executableTarget(name: "DossierBenchmark", path: "Benchmarks/DossierBenchmark"),
        .executableTarget(name: "BatchBenchmark", path: "Benchmarks/BatchBenchmark"),
        .executableTarget(
            name: "TypesettingBenchmark", dependencies: ["Typesetting"], path: "Benchmarks/TypesettingBenchmark"),

        // Tests mirror the library targets one to one; TestSupport locates shared fixtures.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "SupportTests", dependencies: ["Support"]),
        .testTarget(name: "TensorsTests", dependencies: ["Tensors"]),
        .testTarget(name: "TokenizersTests", dependencies: ["Tokenizers"]),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "Tensors", "Tokenizers", "Support", "TestSupport"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "Models", "Support"]),
        .testTarget(
            name: "AttributionTests", dependencies: ["Attribution", "Models", "Tensors", "Tokenizers", "TestSupport"]),
        .testTarget(name: "TypesettingTests", dependencies: ["Typesetting"]),
        .testTarget(name: "DossierTests", dependencies: ["Dossier", "Tensors"]),
        .testTarget(name: "BatchTests", dependencies: ["Batch"]),
        .testTarget(name: "CorpusTests", dependencies: ["Corpus"]),
        // Tests that cross stages: a classifier trained on a generated corpus, explained and probed; the built
        // `dossier` command end to end.
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "Dossier", "Training", "Attribution", "Models", "Tokenizers", "Tensors", "Corpus", "TestSupport",
            ]),
        // Runs the built `dossier` binary on hostile input (exit status and one error line, never a signal).
        .testTarget(name: "DossierCommandTests", dependencies: ["TestSupport"]),
    ]
)
