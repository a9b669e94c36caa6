import ArgumentParser
import Corpus
import Foundation

/// `dossier corpus`: writes a generated corpus (or the showcase set) to a directory.
struct CorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus",
        abstract: "Generate labelled loan applications or contracts with ground-truth rationales.",
        discussion: """
            Writes DIR/<id>.txt for every document and DIR/corpus.jsonl with one JSON object per document \
            (id, kind, genre, text, label, rationale spans, protected mentions, facts). Spans are Unicode-scalar \
            offsets (Python str indices). The same seed gives byte-identical output on every machine.
            """)

    @Option(help: "Document kind: loan or contract.")
    var kind: String = "loan"

    @Option(help: "Number of documents to generate.")
    var count: Int = 100

    @Option(help: "Seed of the deterministic generator.")
    var seed: UInt64 = 1

    @Option(
        help: ArgumentHelp(
            "Correlate this protected attribute with the label (the biased corpus).",
            discussion: "One of: \(ProtectedAttribute.allCases.map(\.rawValue).joined(separator: ", ")).",
            valueName: "attribute"))
    var biased: String?

    @Option(help: "With --biased: probability that the attribute's value follows the label (0…1).")
    var biasStrength: Double = 0.8

    @Option(
        help: ArgumentHelp(
            "Never let filler text push a deciding fact past this many words from the start (long deciding "
                + "clauses can still reach further: measure before training at a fixed length).",
            valueName: "words"))
    var factsWithin: Int?

    @Flag(help: "Short documents (about 50–120 words) with limited wording, for fast tests.")
    var small = false

    @Flag(help: "Write the committed showcase set (20 documents, README.md, rationales.jsonl) instead.")
    var showcase = false

    @Option(help: "Output directory (created if missing).", completion: .directory)
    var out: String

    func validate() throws {
        guard DocumentKind(rawValue: kind) != nil else {
            throw ValidationError("--kind must be loan or contract, not '\(kind)'")
        }
        guard count >= 0 else { throw ValidationError("--count must not be negative") }
        if let biased, ProtectedAttribute(rawValue: biased) == nil {
            throw ValidationError(
                "--biased must be one of \(ProtectedAttribute.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let factsWithin, factsWithin < 50 { throw ValidationError("--facts-within must be at least 50 words") }
        guard (0...1).contains(biasStrength) else { throw ValidationError("--bias-strength must lie in 0…1") }
    }

    func run() throws {
        let directory = URL(fileURLWithPath: out)
        do {
            if showcase {
                let entries = try Showcase.write(to: directory)
                print("wrote \(entries.count) showcase documents to \(directory.path)")
                return
            }
            let mode: CorpusMode =
                biased.flatMap(ProtectedAttribute.init(rawValue:)).map {
                    .biased(attribute: $0, strength: biasStrength)
                }
                ?? .clean
            let options = CorpusOptions(
                kind: DocumentKind(rawValue: kind) ?? .loan, mode: mode, length: small ? .small : .normal,
                decidingFactsWithinWords: factsWithin)
            let documents = try CorpusGenerator(seed: seed, options: options).generate(count: count)
            try CorpusWriter(directory: directory).write(documents)
            print("wrote \(documents.count) documents and corpus.jsonl to \(directory.path)")
        } catch {
            throw fail(error)
        }
    }
}
