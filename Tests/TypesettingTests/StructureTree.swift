import Foundation
import XCTest

/// A PDF's objects as `qpdf --json` (JSON v2) reports them, and its structure tree walked in reading order.
struct StructureTree {
    /// One structure element: its type (e.g. "H1"), its dictionary, and whether its own marked content lies on
    /// more than one page.
    struct Element {
        var type: String
        var dictionary: [String: Any]
        var spansPages: Bool
    }

    /// Every object by reference, e.g. "12 0 R", plus "trailer".
    let objects: [String: Any]
    /// The elements reachable from `/StructTreeRoot`, depth first.
    private(set) var elements: [Element] = []
    /// The catalog dictionary.
    let catalog: [String: Any]

    /// Reads a PDF with `qpdf --json` and walks its structure tree.
    init(pdf: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try TestSupport.run("qpdf", ["--json", "--json-key=qpdf", pdf.path], file: file, line: line)
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        let root = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let list = root?["qpdf"] as? [Any] ?? []
        var objects: [String: Any] = [:]
        for (key, value) in (list.last as? [String: Any]) ?? [:] {
            let name = key.hasPrefix("obj:") ? String(key.dropFirst(4)) : key
            objects[name] = (value as? [String: Any])?["value"] ?? (value as? [String: Any])?["stream"]
        }
        self.objects = objects
        let trailer = objects["trailer"] as? [String: Any] ?? [:]
        catalog = objects[trailer["/Root"] as? String ?? ""] as? [String: Any] ?? [:]
        if let treeRoot = resolve(catalog["/StructTreeRoot"]) as? [String: Any] {
            walk(treeRoot, depth: 0)
        }
    }

    /// The value of a reference string such as "12 0 R"; other values unchanged.
    func resolve(_ value: Any?) -> Any? {
        if let text = value as? String, text.hasSuffix(" R"), let object = objects[text] { return object }
        return value
    }

    private mutating func walk(_ node: [String: Any], depth: Int) {
        guard depth < 64 else { return }
        let kids = node["/K"].map { ($0 as? [Any]) ?? [$0] } ?? []
        for kid in kids {
            guard let element = resolve(kid) as? [String: Any], let type = element["/S"] as? String else { continue }
            let page = element["/Pg"] as? String
            let grandchildren = element["/K"].map { ($0 as? [Any]) ?? [$0] } ?? []
            var pages = Set(page.map { [$0] } ?? [])
            for case let reference as [String: Any] in grandchildren where reference["/Type"] as? String == "/MCR" {
                if let page = reference["/Pg"] as? String { pages.insert(page) }
            }
            let spansPages = pages.count > 1
            elements.append(Element(type: String(type.dropFirst()), dictionary: element, spansPages: spansPages))
            walk(element, depth: depth + 1)
        }
    }

    /// The element types in reading order.
    var types: [String] { elements.map(\.type) }
}
