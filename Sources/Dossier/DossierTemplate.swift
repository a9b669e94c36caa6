import Foundation
import Typesetting

/// An institution's template folder: wording (`text/*.mustache`), the look (`style.json`), the thresholds behind
/// the verdicts (`thresholds.json`) and the reason-code taxonomy (`reason-codes.json`).
///
/// The shipped one is `Templates/default`; `--template DIR` points at a copy. Every file is checked when the
/// folder loads, so a broken template fails before any work, naming the file.
public struct DossierTemplate: Sendable {
    /// The folder it was loaded from.
    public var folder: URL
    /// SHA-256 over every file of the template, in path order (recorded in each dossier).
    public var digest: String
    public var style: DossierStyle
    public var thresholds: DossierThresholds
    public var taxonomy: ReasonTaxonomy
    public var texts: TemplateTexts

    /// Loads and checks a template folder.
    /// - Throws: `DossierError.template` naming the missing or broken file.
    public static func load(folder: URL) throws -> DossierTemplate {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
        else { throw DossierError.template(file: folder.path, detail: "no such template folder") }
        let style: DossierStyle = try decode("style.json", in: folder)
        try style.validate(file: folder.appendingPathComponent("style.json").path)
        let thresholds: DossierThresholds = try decode("thresholds.json", in: folder)
        try thresholds.validate(file: folder.appendingPathComponent("thresholds.json").path)
        let taxonomy: ReasonTaxonomy = try decode("reason-codes.json", in: folder)
        let texts = try TemplateTexts(folder: folder)
        return DossierTemplate(
            folder: folder, digest: try digest(of: folder), style: style, thresholds: thresholds, taxonomy: taxonomy,
            texts: texts)
    }

    static func decode<T: Decodable>(_ name: String, in folder: URL) throws -> T {
        let file = folder.appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw DossierError.template(file: file.path, detail: "missing (every template folder needs it)")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw DossierError.template(
                file: file.path, detail: "missing key '\(path(context.codingPath + [key]))'")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw DossierError.template(
                file: file.path, detail: "'\(path(context.codingPath))': \(context.debugDescription)")
        } catch {
            throw DossierError.template(file: file.path, detail: "not valid JSON")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    /// SHA-256 over `relative path NUL contents NUL` of every regular file, sorted by path.
    static func digest(of folder: URL) throws -> String {
        let root = folder.standardizedFileURL.path
        var files: [String] = []
        if let enumerator = FileManager.default.enumerator(atPath: root) {
            while let next = enumerator.nextObject() as? String {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: root + "/" + next, isDirectory: &isDirectory),
                    !isDirectory.boolValue
                {
                    files.append(next)
                }
            }
        }
        var data = Data()
        for file in files.sorted() {
            data.append(Data(file.utf8))
            data.append(0)
            data.append(FileManager.default.contents(atPath: root + "/" + file) ?? Data())
            data.append(0)
        }
        return SHA256.hex(data)
    }
}

/// The look of a dossier (`style.json`).
public struct DossierStyle: Sendable, Codable, Equatable {
    /// "A4" or "Letter".
    public var pageSize: String
    /// Body text size in points, e.g. 10.
    public var bodySize: Double
    /// The institution named on the cover and in the record, e.g. "Example Credit Union".
    public var institution: String
    /// Who to contact about a decision, e.g. "Credit Review Team, 1 Main Street, review@example.org".
    public var contact: String
    /// Colours as six hexadecimal digits: "heading", "accent".
    public var colors: [String: String]
    /// The shading of attributions behind text: "blues" (default), "oranges" or "greys" (single-hue ramps that
    /// survive grayscale printing).
    public var highlight: String
    /// The language of the wording (BCP 47), e.g. "en".
    public var language: String

    /// The paper size.
    public var paper: PageSize { pageSize.lowercased() == "letter" ? .usLetter : .a4 }

    /// A colour by name, or the fallback.
    public func color(_ name: String, default fallback: Color) -> Color {
        guard let hex = colors[name].flatMap({ UInt32($0.trimmingCharacters(in: ["#"]), radix: 16) }) else {
            return fallback
        }
        return Color(hex: hex)
    }

    /// The highlight scale.
    public var highlightScale: ColorScale {
        switch highlight.lowercased() {
        case "oranges": .sequential
        case "greys", "grays":
            ColorScale(
                name: "Greys", kind: .sequential,
                stops: [0xFFFFFF, 0xF0F0F0, 0xD9D9D9, 0xBDBDBD, 0x969696, 0x737373, 0x525252].map { Color(hex: $0) })
        default:
            ColorScale(
                name: "Blues", kind: .sequential,
                stops: [0xF7FBFF, 0xDEEBF7, 0xC6DBEF, 0x9ECAE1, 0x6BAED6, 0x4292C6, 0x2171B5, 0x08519C].map {
                    Color(hex: $0)
                })
        }
    }

    func validate(file: String) throws {
        guard ["a4", "letter"].contains(pageSize.lowercased()) else {
            throw DossierError.template(
                file: file, detail: "pageSize must be \"A4\" or \"Letter\", not \"\(pageSize)\"")
        }
        guard bodySize.isFinite, (7...14).contains(bodySize) else {
            throw DossierError.template(file: file, detail: "bodySize must be between 7 and 14 points")
        }
        for (name, value) in colors where UInt32(value.trimmingCharacters(in: ["#"]), radix: 16) == nil {
            throw DossierError.template(file: file, detail: "colors.\(name): '\(value)' is not a hexadecimal colour")
        }
        guard ["blues", "oranges", "greys", "grays"].contains(highlight.lowercased()) else {
            throw DossierError.template(file: file, detail: "highlight must be blues, oranges or greys")
        }
    }
}

/// The numbers behind every verdict and flag (`thresholds.json`); each is printed where it is used.
public struct DossierThresholds: Sendable, Codable, Equatable {
    /// At most this many principal reasons (4 in US adverse-action practice).
    public var maximumReasons: Int
    /// "Strong": removing the reasons lowers p(decision) by at least this much …
    public var strongMinimumDrop: Float
    /// … and by at least this much more than removing as many random words does.
    public var strongMinimumMarginOverRandom: Float
    /// "Moderate": the drop exceeds the random drop by at least this much; below it the verdict is "weak".
    public var moderateMinimumMarginOverRandom: Float
    /// The reasons "suffice" when keeping only them loses at most this much of p(decision).
    public var sufficiencyMaximumLoss: Float
    /// Fairness flag: |Δ p(decision)| of a counterfactual edit at least this.
    public var fairnessProbabilityChange: Float
    /// Fairness flag: the mentions' share of the attribution at least this.
    public var fairnessAttributionShare: Float
    /// Record retention under Regulation B (12 CFR 1002.12(b)): months for consumer credit (25) …
    public var retentionMonthsConsumer: Int
    /// … and for business credit (12).
    public var retentionMonthsBusiness: Int

    func validate(file: String) throws {
        let fractions = [
            strongMinimumDrop, strongMinimumMarginOverRandom, moderateMinimumMarginOverRandom, sufficiencyMaximumLoss,
            fairnessProbabilityChange, fairnessAttributionShare,
        ]
        guard fractions.allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= 1 }) else {
            throw DossierError.template(file: file, detail: "every threshold must be a probability between 0 and 1")
        }
        guard (1...10).contains(maximumReasons) else {
            throw DossierError.template(file: file, detail: "maximumReasons must be between 1 and 10")
        }
        guard retentionMonthsConsumer > 0, retentionMonthsBusiness > 0 else {
            throw DossierError.template(file: file, detail: "retention months must be positive")
        }
    }
}
