/// The prohibited bases of the US Equal Credit Opportunity Act's Regulation B (12 CFR 1002.2(z)),
/// plus the person's name, recorded because names act as a proxy for several of them.
///
/// Mentions appear independently of the label in the clean corpus; the biased corpus correlates one attribute
/// with the label (see ``CorpusMode``).
public enum ProtectedAttribute: String, Codable, Hashable, Sendable, CaseIterable {
    case age
    case sex
    case maritalStatus = "marital-status"
    case race
    case color
    case religion
    case nationalOrigin = "national-origin"
    case publicAssistance = "public-assistance"
    /// The applicant's or signatory's name; its value is the full name, its origin comes from ``PersonNames``.
    case name

    /// The canonical values, in a fixed order. The first half is "group A", the second "group B" in the
    /// biased mode. For ``name`` the values are the name origins.
    public var values: [String] {
        switch self {
        case .age: return ["27", "34", "41", "48", "55", "62", "69", "76"]
        case .sex: return ["male", "female"]
        case .maritalStatus: return ["married", "single", "divorced", "separated", "widowed"]
        case .race: return ["White", "Asian", "Black", "Native American", "Pacific Islander"]
        case .color: return ["fair", "light", "olive", "brown", "dark"]
        case .religion: return ["Protestant", "Catholic", "Jewish", "Hindu", "Muslim", "Buddhist", "Sikh"]
        case .nationalOrigin:
            return ["Irish", "German", "Canadian", "Mexican", "Nigerian", "Indian", "Vietnamese", "Syrian"]
        case .publicAssistance:
            return [
                "Social Security retirement benefits", "SNAP food assistance", "Section 8 housing assistance",
                "TANF cash assistance",
            ]
        case .name: return PersonNames.origins
        }
    }

    /// The values the biased mode associates with approvals (first half) and declines (second half).
    public var groups: (favoured: [String], disfavoured: [String]) {
        let all = values
        let half = all.count / 2
        return (Array(all[..<half]), Array(all[half...]))
    }
}

/// How a protected value is written at one mention, so a counterfactual can write another value the same way.
public enum MentionForm: String, Codable, Hashable, Sendable {
    /// The value as listed, e.g. "married", "Muslim", "SNAP food assistance", "48".
    case value
    /// A capitalised form-field value, e.g. "Married", "Female".
    case capitalized
    /// A courtesy title for ``ProtectedAttribute/sex``: "Mr." / "Ms.".
    case title
    /// A noun for ``ProtectedAttribute/sex``: "man" / "woman".
    case noun
    /// The country for ``ProtectedAttribute/nationalOrigin``, e.g. "Nigeria".
    case country
    /// The full name, e.g. "Amara Okafor".
    case fullName = "full-name"
    /// The given name only, e.g. "Amara".
    case givenName = "given-name"
    /// The family name only, e.g. "Okafor".
    case familyName = "family-name"
}
