/// A prohibited basis of the US Equal Credit Opportunity Act's Regulation B (12 CFR 1002.2(z)), or the person's
/// name, which the fairness probe treats as a proxy for several of them.
///
/// The raw values are the JSON names (the same as the sample generator's), e.g. `"national-origin"`.
public enum FairnessAttribute: String, Codable, Hashable, Sendable, CaseIterable, Comparable {
    case race
    case color
    case religion
    case nationalOrigin = "national-origin"
    case sex
    case maritalStatus = "marital-status"
    case age
    case publicAssistance = "public-assistance"
    /// A person's name: not a prohibited basis itself, but a proxy for sex, race and national origin.
    case name

    /// A short human-readable name, e.g. "national origin".
    public var displayName: String {
        switch self {
        case .nationalOrigin: "national origin"
        case .maritalStatus: "marital status"
        case .publicAssistance: "receipt of public assistance"
        case .name: "personal name (proxy)"
        default: rawValue
        }
    }

    /// Orders attributes as Regulation B lists them, the name last.
    public static func < (lhs: FairnessAttribute, rhs: FairnessAttribute) -> Bool {
        let order = allCases
        return order.firstIndex(of: lhs) ?? 0 < order.firstIndex(of: rhs) ?? 0
    }
}
