import Attribution
import Foundation
import Support
import Tensors
import Typesetting

/// A finished dossier: the record, the PDF that shows it (with the record embedded) and the JSON sidecar.
public struct Dossier: Sendable {
    public var record: DossierRecord
    /// The PDF bytes.
    public var pdf: Data
    /// The record as JSON (the sidecar; the same bytes are embedded in the PDF).
    public var json: Data
    public var pageCount: Int
    /// Seconds per stage, in order: "explanation", "trust passes", "fairness passes", "composing".
    public var timings: [(stage: String, seconds: Double)]
}

/// Makes dossiers with one loaded model, template and font set (load once, make many).
public final class DossierMaker {
    public let explainer: Explainer
    public let template: DossierTemplate
    public let fonts: FontLibrary
    /// The model's files with their SHA-256, hashed once.
    public let modelFiles: [DossierRecord.FileDigest]
    /// The model card's summary, read once.
    public let modelCard: String?
    /// The tool's version, recorded in every dossier.
    public static let toolVersion = "0.3.0"

    /// Loads a model directory, a template folder (nil: the shipped default) and the shipped fonts.
    ///
    /// The model's files are hashed and the template read on threads of their own while the weights and the
    /// tokenizer load; errors are reported in the same order as if one thing were done after another (template,
    /// fonts, model, digests).
    /// - Throws: `AttributionError` for the model, `DossierError` for the template or missing resources.
    public init(model: URL, template: URL? = nil) throws {
        let hashing = BackgroundWork(name: "model digests") { try DossierMaker.digests(ofModel: model) }
        let reading = BackgroundWork(name: "template") {
            try DossierTemplate.load(folder: template ?? ResourceLocator.defaultTemplate())
        }
        self.template = try reading.value()
        self.fonts = try FontLibrary(directory: ResourceLocator.fonts())
        self.explainer = try Explainer.load(directory: model)
        self.modelFiles = try hashing.value()
        self.modelCard = Self.cardSummary(ofModel: model)
    }

    /// A maker for another thread: the same model, template, digests and card, its own fonts (a font library
    /// caches shaping state and is used by one thread at a time).
    /// - Throws: `DossierError` when the shipped fonts cannot be found.
    public init(sharing other: DossierMaker) throws {
        template = other.template
        fonts = try FontLibrary(directory: other.fonts.directory)
        explainer = other.explainer
        modelFiles = other.modelFiles
        modelCard = other.modelCard
    }

    /// The model card's first two paragraphs after its title, Markdown links and emphasis removed, at most
    /// 800 characters.
    static func cardSummary(ofModel directory: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent("README.md").path),
            let text = String(data: data, encoding: .utf8)
        else { return nil }
        let paragraphs = text.components(separatedBy: "\n\n").map {
            $0.split(separator: "\n").joined(separator: " ").trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty && !$0.hasPrefix("#") && !$0.hasPrefix("|") }
        guard !paragraphs.isEmpty else { return nil }
        var summary = paragraphs.prefix(2).joined(separator: " ")
        summary = summary.replacingOccurrences(of: #"\[([^\]]*)\]\([^)]*\)"#, with: "$1", options: .regularExpression)
        summary = summary.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "`", with: "")
        return summary.count > 800 ? String(summary.prefix(800)) + " …" : summary
    }

    /// The files of a model directory that loading reads, with their digests.
    static func digests(ofModel directory: URL) throws -> [DossierRecord.FileDigest] {
        var names = [
            "config.json", "model.safetensors", "model.safetensors.index.json", "tokenizer.json", "vocab.txt",
            "vocab.json", "merges.txt", "tokenizer_config.json", "special_tokens_map.json", "README.md",
        ]
        let index = directory.appendingPathComponent("model.safetensors.index.json")
        if let data = FileManager.default.contents(atPath: index.path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let map = object["weight_map"] as? [String: String]
        {
            names += Set(map.values).sorted()
        }
        return try names.compactMap { name in
            let url = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { return nil }
            let bytes = ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int) ?? 0
            return DossierRecord.FileDigest(name: name, sha256: try SHA256.hex(ofFile: url), bytes: bytes)
        }
    }

    /// Makes one dossier.
    /// - Throws: `DossierError` for the document, the case details or the options; `AttributionError` when the
    ///   model fails (including a non-finite number); `TypesettingError` when the PDF cannot be set.
    public func make(_ request: DossierRequest) throws -> Dossier {
        var timings: [(String, Double)] = []
        var clock = Date()
        func lap(_ stage: String) {
            let now = Date()
            timings.append((stage, now.timeIntervalSince(clock)))
            clock = now
        }
        let text: DocumentText
        let data: Data
        if let inline = request.text {
            guard inline.contains(where: { !$0.isWhitespace }) else {
                throw DossierError.emptyDocument(file: request.documentName)
            }
            text = DocumentText(path: request.documentName, text: inline, source: "text of a batch input row")
            data = Data(inline.utf8)
        } else {
            text = try DocumentText.load(request.document)
            data = (try? Data(contentsOf: request.document)) ?? Data(text.text.utf8)
        }
        let characters = text.text.unicodeScalars.count
        guard characters <= request.maximumCharacters else {
            throw DossierError.documentTooLong(
                file: request.documentName, characters: characters, limit: request.maximumCharacters)
        }
        try request.caseDetails.validate(file: "case record")

        var options = Explainer.Options(windowSize: request.windowSize, windowStride: request.windowStride)
        options.target = try request.target.map(explainer.targetIndex)
        options.faithfulness = request.trustLevel == .full
        var (explanation, headMaps) = try explainer.explainWithHeadMaps(text.text, options: options)
        explanation.model.directory = request.modelName
        let reasonSettings = PrincipalReasons.Settings(limit: template.thresholds.maximumReasons)
        let reasons = PrincipalReasons.find(text: text.text, words: explanation.words, settings: reasonSettings)
        lap("explanation")

        // Windows the edits leave untouched are read from here instead of being run again.
        let cache = WindowLogitsCache(explanation: explanation)
        let quick =
            request.trustLevel == .none
            ? nil : try explainer.checkTrust(explanation: explanation, reasons: reasons, cache: cache)
        lap("trust passes")
        var fairnessOptions = FairnessOptions(
            probabilityThreshold: Double(template.thresholds.fairnessProbabilityChange),
            shareThreshold: Double(template.thresholds.fairnessAttributionShare))
        fairnessOptions.cache = cache
        let fairness = try explainer.probeFairness(text.text, explanation: explanation, options: fairnessOptions)
        lap("fairness passes")

        let facts = DossierFacts(
            text: text, explanation: explanation, reasons: reasons, quick: quick, fairness: fairness,
            template: template)
        let record = try DossierRecord.assemble(
            request: request, facts: facts, documentSHA256: SHA256.hex(data), documentBytes: data.count,
            modelFiles: modelFiles, modelCard: modelCard, template: template, reasonSettings: reasonSettings)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json = try encoder.encode(record)
        let composer = DossierComposer(
            record: record, text: text.text, headMaps: headMaps, template: template, fonts: fonts)
        let rendered = try composer.render(sidecar: json)
        lap("composing")
        return Dossier(record: record, pdf: rendered.data, json: json, pageCount: rendered.pageCount, timings: timings)
    }
}
