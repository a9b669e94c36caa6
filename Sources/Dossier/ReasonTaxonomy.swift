import Foundation

/// An institution's reason codes (`reason-codes.json`): each principal reason whose passage contains one of a
/// code's terms gets that code and its wording, e.g. Regulation B's sample reasons ("Excessive obligations in
/// relation to income").
public struct ReasonTaxonomy: Sendable, Codable, Equatable {
    /// The taxonomy's name, e.g. "Demonstration reason codes after 12 CFR 1002 Appendix C".
    public var name: String
    /// Its version, recorded in every dossier.
    public var version: String
    /// The codes, most specific first: the first whose terms match a passage wins.
    public var codes: [Code]

    public struct Code: Sendable, Codable, Equatable {
        /// The code, e.g. "C01".
        public var code: String
        /// The reason in the institution's words, e.g. "Excessive obligations in relation to income".
        public var text: String
        /// Words or phrases that identify the reason in a passage, matched case-insensitively at word boundaries.
        public var terms: [String]
        /// The labels the code applies to (e.g. ["refer", "decline"]); empty for all.
        public var labels: [String]?
    }

    /// The first code whose terms occur in `passage` and which applies to `label`.
    public func code(for passage: String, label: String) -> Code? {
        let text = passage.lowercased()
        return codes.first { code in
            (code.labels?.isEmpty ?? true || code.labels?.contains(label) == true)
                && code.terms.contains { Self.contains(text, term: $0.lowercased()) }
        }
    }

    /// Whether `term` occurs in `text` with no letter or digit directly before or after it.
    static func contains(_ text: String, term: String) -> Bool {
        guard !term.isEmpty else { return false }
        var searchRange = text.startIndex..<text.endIndex
        while let found = text.range(of: term, range: searchRange) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            let boundary = { (c: Character?) in c.map { !($0.isLetter || $0.isNumber) } ?? true }
            if boundary(before) && boundary(after) { return true }
            searchRange = found.upperBound..<text.endIndex
        }
        return false
    }
}
