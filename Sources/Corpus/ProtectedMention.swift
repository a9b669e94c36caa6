/// One place where a protected attribute (or the person's name) is written in a document.
///
/// A fairness probe substitutes another value at every mention of one attribute (see
/// ``CorpusDocument/counterfactuals(for:)``); mentions never overlap each other or a rationale span.
public struct ProtectedMention: Codable, Hashable, Sendable {
    /// Which attribute is mentioned.
    public var attribute: ProtectedAttribute
    /// The canonical value, e.g. `"married"`, `"48"`, `"female"`; for ``ProtectedAttribute/name`` the full
    /// name, e.g. `"Amara Okafor"`.
    public var value: String
    /// How the value is written here, so another value can be written the same way.
    public var form: MentionForm
    /// Where the mention sits, in Unicode-scalar offsets.
    public var span: Span

    /// Creates a mention record.
    public init(attribute: ProtectedAttribute, value: String, form: MentionForm, span: Span) {
        self.attribute = attribute
        self.value = value
        self.form = form
        self.span = span
    }

    /// The text written for `value` of `attribute` in `form`.
    ///
    /// - Returns: The surface text, e.g. `("sex", "female", .title)` → `"Ms."`,
    ///   `("national-origin", "Nigerian", .country)` → `"Nigeria"`, `("name", "Amara Okafor", .givenName)` →
    ///   `"Amara"`.
    public static func surface(attribute: ProtectedAttribute, value: String, form: MentionForm) -> String {
        switch form {
        case .value:
            return value
        case .capitalized:
            return value.prefix(1).uppercased() + value.dropFirst()
        case .title:
            return value == "female" ? "Ms." : "Mr."
        case .noun:
            return value == "female" ? "woman" : "man"
        case .country:
            return countries[value] ?? value
        case .fullName:
            return value
        case .givenName:
            return String(value.split(separator: " ").first ?? Substring(value))
        case .familyName:
            return String(value.split(separator: " ").dropFirst().joined(separator: " "))
        }
    }

    static let countries: [String: String] = [
        "Irish": "Ireland", "German": "Germany", "Canadian": "Canada", "Mexican": "Mexico", "Nigerian": "Nigeria",
        "Indian": "India", "Vietnamese": "Vietnam", "Syrian": "Syria",
    ]
}
