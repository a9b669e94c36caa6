import Corpus
import XCTest

/// Corpora shared by the tests, generated once per process (generation is deterministic, so sharing is safe).
enum CorpusSamples {
    nonisolated(unsafe) private static var cache: [String: [CorpusDocument]] = [:]

    /// `count` documents of `kind` from `seed` with the given mode and length profile.
    static func documents(
        _ kind: DocumentKind, count: Int = 3_000, seed: UInt64 = 7, mode: CorpusMode = .clean,
        length: LengthProfile = .normal
    ) throws -> [CorpusDocument] {
        let key = "\(kind)-\(count)-\(seed)-\(mode)-\(length)"
        if let cached = cache[key] { return cached }
        let generator = try CorpusGenerator(seed: seed, options: CorpusOptions(kind: kind, mode: mode, length: length))
        let documents = generator.generate(count: count)
        cache[key] = documents
        return documents
    }
}
