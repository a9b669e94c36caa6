import Foundation

extension Showcase {
    /// Writes the showcase set into `directory`: `<id>.txt` per document, `rationales.jsonl`, `README.md`, and
    /// the JSON and CSV exports of the fifth loan application (a form).
    ///
    /// - Returns: The entries written.
    /// - Throws: ``CorpusError`` naming the path that failed.
    @discardableResult
    public static func write(to directory: URL) throws -> [Entry] {
        let entries = try entries()
        let writer = CorpusWriter(directory: directory)
        let documents = entries.map(\.document)
        try writer.write(documents, jsonLinesName: "rationales.jsonl")
        try writer.writeFile(named: "README.md", contents: readme(entries))
        if let form = documents.first(where: { $0.id == "loan-05-form" }) {
            let fields = formFields(form)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let export = FormExport(
                id: form.id, fields: fields.map { FormExport.Field(field: $0.field, value: $0.value) })
            do {
                try writer.writeFile(
                    named: form.id + ".json",
                    contents: String(decoding: try encoder.encode(export), as: UTF8.self) + "\n")
            } catch let error as CorpusError {
                throw error
            } catch {
                throw CorpusError.cannotEncode(id: form.id, reason: "\(error)")
            }
            let csv = (["field,value"] + fields.map { "\(csvField($0.field)),\(csvField($0.value))" }).joined(
                separator: "\n")
            try writer.writeFile(named: form.id + ".csv", contents: csv + "\n")
        }
        return entries
    }

    private struct FormExport: Encodable {
        struct Field: Encodable {
            var field: String
            var value: String
        }
        var id: String
        var fields: [Field]
    }

    private static func csvField(_ value: String) -> String {
        guard value.contains(",") || value.contains("\"") else { return value }
        return "\"" + value.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
