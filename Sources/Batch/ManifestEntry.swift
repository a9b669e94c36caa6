import Foundation

/// One line of `manifest.jsonl`: a finished document, made or failed.
public struct ManifestEntry: Sendable, Codable, Equatable {
    /// "done" or "failed".
    public enum Status: String, Sendable, Codable { case done, failed }

    /// The document's id.
    public var id: String
    public var status: Status
    /// Why the document failed, in one line naming the file (failed only).
    public var error: String?
    /// Where the document came from: a file path or `input.jsonl:17`.
    public var input: String
    /// The PDF and JSON sidecar, relative to the batch folder (done only).
    public var pdf: String?
    public var json: String?
    public var decision: String?
    /// Each label's probability, in the model's label order.
    public var probabilities: [Probability]?
    /// The principal reasons, strongest first.
    public var reasons: [Reason]?
    /// "strong", "moderate", "weak" or "not checked".
    public var trust: String?
    /// Protected attributes the fairness probe flagged (empty: none).
    public var fairnessFlags: [String]?
    public var pages: Int?
    public var sha256: Digests
    /// Seconds spent on this document, from reading it to writing its files.
    public var seconds: Double

    public struct Probability: Sendable, Codable, Equatable {
        public var label: String
        public var probability: Float
    }

    public struct Reason: Sendable, Codable, Equatable {
        public var code: String?
        /// The code's wording in the template's taxonomy.
        public var wording: String?
        public var text: String
        public var share: Float
    }

    /// SHA-256 of the input (file bytes, or the inline text's UTF-8), of the model (over its files' digests) and
    /// of the outputs.
    public struct Digests: Sendable, Codable, Equatable {
        public var input: String?
        public var model: String
        public var pdf: String?
        public var json: String?
    }

    /// The line as written: sorted keys, no spaces, one line.
    public func line() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// The columns of the CSV view.
    public static let csvHeader = [
        "id", "status", "decision", "probabilities", "trust", "fairness_flags", "reason_codes", "pages", "pdf",
        "pdf_sha256", "input_sha256", "model_sha256", "seconds", "error",
    ]

    /// The CSV view's row.
    public var csvRow: [String] {
        [
            id, status.rawValue, decision ?? "",
            probabilities?.map { "\($0.label)=\(String(format: "%.4f", $0.probability))" }.joined(separator: ";") ?? "",
            trust ?? "", fairnessFlags?.joined(separator: ";") ?? "",
            reasons?.compactMap(\.code).joined(separator: ";") ?? "", pages.map(String.init) ?? "", pdf ?? "",
            sha256.pdf ?? "", sha256.input ?? "", sha256.model, String(format: "%.3f", seconds), error ?? "",
        ]
    }
}

/// Quotes CSV fields (RFC 4180).
enum CSVWriter {
    static func line(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",") + "\r\n"
    }

    static func table(_ entries: [ManifestEntry]) -> Data {
        Data((line(ManifestEntry.csvHeader) + entries.map { line($0.csvRow) }.joined()).utf8)
    }
}
