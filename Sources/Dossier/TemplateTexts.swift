import Foundation
import Mustache

/// The wording of a dossier: one Mustache file per passage in a template folder's `text/`, rendered as plain text
/// (nothing escaped) and strictly: a tag naming a key the passage's context does not have is an error naming the
/// file and line, never a silent blank.
public struct TemplateTexts: Sendable {
    /// Every passage a template folder must provide, by file name without `.mustache`.
    public static let required = [
        "cover-summary", "cover-trust", "reasons-intro", "document-intro", "windows-note", "heads-intro",
        "trust-strong", "trust-moderate", "trust-weak", "trust-unchecked", "trust-method", "fairness-intro",
        "fairness-none", "limitation-attention", "limitation-heads", "limitation-residual", "limitation-architecture",
        "limitation-feed-forward", "limitation-removal", "limitation-windows", "record-retention", "art86-role",
        "art86-elements", "contest", "applicant-intro", "applicant-next", "method",
    ]

    private let templates: [String: (template: MustacheTemplate, source: String, file: String)]

    /// Loads and parses every required passage from `folder/text/`.
    /// - Throws: `DossierError.template` naming a missing or unparsable file.
    public init(folder: URL) throws {
        var templates: [String: (MustacheTemplate, String, String)] = [:]
        for name in Self.required {
            let file = folder.appendingPathComponent("text/\(name).mustache")
            guard let data = FileManager.default.contents(atPath: file.path) else {
                throw DossierError.template(file: file.path, detail: "missing (every template folder needs it)")
            }
            guard let source = String(data: data, encoding: .utf8) else {
                throw DossierError.template(file: file.path, detail: "not UTF-8 text")
            }
            do {
                let template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + source)
                templates[name] = (template, source, file.path)
            } catch {
                throw DossierError.template(file: file.path, detail: "cannot parse the Mustache template: \(error)")
            }
        }
        self.templates = templates
    }

    /// Renders one passage; runs of white space (template line breaks included) become single spaces.
    /// - Throws: `DossierError.template` when the passage names a key its context lacks.
    public func render(_ name: String, _ context: [String: Any]) throws -> String {
        guard let entry = templates[name] else {
            preconditionFailure("passage \(name) is not in TemplateTexts.required")
        }
        try Self.checkKeys(entry.source, context: context, file: entry.file)
        let text = entry.template.render(context)
        return text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
            .joined(separator: " ")
    }

    /// Walks the template's tags with a stack of scopes and fails on the first name no scope defines.
    static func checkKeys(_ source: String, context: [String: Any], file: String) throws {
        // {{name}}, {{{name}}}, {{&name}}, {{#name}}, {{^name}}, {{/name}}; comments and pragmas skipped.
        let pattern = try? NSRegularExpression(pattern: #"\{\{(\{?)\s*([#^/&!%>]?)\s*([^}]*?)\s*\}?\}\}"#)
        guard let pattern else { return }
        var scopes: [Set<String>?] = [Set(context.keys)]
        var stack: [String] = []
        var values: [Any?] = [context]
        let nsSource = source as NSString
        for match in pattern.matches(in: source, range: NSRange(location: 0, length: nsSource.length)) {
            let sigil = nsSource.substring(with: match.range(at: 2))
            let name = nsSource.substring(with: match.range(at: 3))
            if sigil == "!" || sigil == "%" || sigil == ">" { continue }
            let line = nsSource.substring(to: match.range.location).filter { $0 == "\n" }.count + 1
            if sigil == "/" {
                guard stack.last == name else {
                    throw DossierError.template(file: file, detail: "line \(line): '{{/\(name)}}' closes nothing open")
                }
                stack.removeLast()
                scopes.removeLast()
                values.removeLast()
                continue
            }
            if name == "." { continue }
            let head = String(name.split(separator: ".").first ?? Substring(name))
            var found: Any??
            for (scope, value) in zip(scopes, values).reversed() {
                guard let scope else {
                    found = .some(nil)
                    break
                }
                if scope.contains(head) {
                    found = .some((value as? [String: Any])?[head])
                    break
                }
            }
            guard let resolved = found else {
                let known = scopes.compactMap { $0 }.flatMap { $0 }.sorted().joined(separator: ", ")
                throw DossierError.template(
                    file: file, detail: "line \(line): unknown key '\(name)' (this passage knows: \(known))")
            }
            if sigil == "#" || sigil == "^" {
                stack.append(name)
                let inner = resolved ?? nil
                if let list = inner as? [[String: Any]] {
                    let first = list.first
                    scopes.append(first.map { Set($0.keys) })
                    values.append(first)
                } else if let map = inner as? [String: Any] {
                    scopes.append(Set(map.keys))
                    values.append(map)
                } else {
                    scopes.append([])
                    values.append(nil)
                }
            }
        }
        if let open = stack.last {
            throw DossierError.template(file: file, detail: "section '{{#\(open)}}' is never closed")
        }
    }
}
