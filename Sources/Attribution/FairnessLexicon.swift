/// The words that mention a protected attribute, and what a counterfactual writes instead.
///
/// Covers the prohibited bases of Regulation B (12 CFR 1002.2(z)): race, color, religion, national origin, sex,
/// marital status, age and receipt of public assistance, plus personal names as a proxy. The table below is the
/// lexicon: one row per term with its attribute, its swap partner(s) and the context it needs. Ages and names
/// are found by the rules in `FairnessLexicon+Ages.swift` and `FairnessLexicon+Names.swift`.
///
/// Matching works on words (runs of letters, digits and marks, joined by an inner hyphen or apostrophe, so
/// "single-family" is one word and never matches "single") and is case-aware per row:
/// - ``CaseRule/anyCase`` rows match lower-case, Capitalised and UPPER forms ("female", "Female", "FEMALE");
/// - ``CaseRule/capitalized`` rows (proper adjectives and nouns) match only when capitalised, so "catholic
///   tastes" is not religion and "turkey" is not a country;
/// - ``CaseRule/exact`` rows (acronyms, courtesy titles) match only as written.
///
/// Words that are also ordinary English need context (``Context``): "White" and "Black" only in a clause about
/// race or before a person noun ("white paper" and "Black & Decker" are not race), colours only in a clause
/// about complexion or skin, "single" and "separated" only in a clause about marital status or as a predicate
/// ("I am single.", not "a single payment"), country names only after "born in", "native of" and the like.
/// A term inside a form-field label ("Public assistance received:") is a label, not a mention.
///
/// Documented limits (``notChecked``): only attributes written in words are found; proxies other than names
/// (address, ZIP code, language, school, occupation), kinship words (wife, husband) and dates of birth are not;
/// a given name alone ("Christian", "Hale") can be taken for a term or missed as a name; the counterfactual
/// for pronouns maps "her" to "his" even where "him" would be grammatical; organisation names that contain a
/// religion or nationality word ("Catholic Charities", "German Motors Inc.") are taken for mentions.
public struct FairnessLexicon: Sendable {
    /// The version of the table and rules, reported with every probe; bump it on any change to what matches.
    public let version: String

    /// The lexicon this package ships.
    public static let standard = FairnessLexicon(version: "regb-2026.12-1", terms: Self.table)

    /// The rows, in table order.
    let terms: [Term]

    /// What the lexicon does not look for, in plain words (reported with every probe).
    public static let notChecked = [
        "Only attributes written out in words are found; a decision the model bases on attributes it infers "
            + "from other text is not measured by these counterfactuals.",
        "Proxies other than personal names are not checked: address, ZIP code or neighbourhood, languages "
            + "spoken, schools, occupations, kinship words (wife, husband, spouse) and dates of birth.",
        "Names are found only next to an anchor (a courtesy title, a name field such as \"Applicant:\" or "
            + "\"Signed:\", a signature line under a closing) and wherever the same name words recur; other names "
            + "are missed, and two or more capitalised words after an anchor are taken for a name.",
        "The sex counterfactual swaps words, titles and pronouns but leaves given names as written; a model that "
            + "reads sex from given names shows under the name counterfactual instead.",
        "Each attribute is tested with one counterfactual value (the first swap partner); other values of the "
            + "same attribute may move the decision differently.",
        "Religion, race and nationality words are matched only when capitalised; lower-case mentions are missed.",
        "Misspelt mentions, and mentions whose context words are misspelt (\"rcae\" for \"race\"), are missed.",
    ]

    // MARK: - Rows

    /// How a row's case must match the text.
    enum CaseRule: Sendable {
        /// lower-case, Capitalised or UPPER forms of the row's (lower-case) term.
        case anyCase
        /// The row's capitalised term, or its UPPER form.
        case capitalized
        /// Exactly as written.
        case exact
    }

    /// Where a row's term must stand to count. A mention counts when no excluded next word follows it and, if any
    /// positive condition is set, at least one of them holds.
    struct Context: Sendable {
        /// The clause (text between `.`, `;`, `!`, `?` and line breaks) contains one of these words or phrases.
        var clause: [String] = []
        /// One of these words or phrases comes right before the term.
        var after: [String] = []
        /// One of these words comes right after the term.
        var before: [String] = []
        /// The term is a predicate: after "am", "is", "was"… and before punctuation, "and" or the end.
        var predicate = false
        /// A capitalised word follows (a courtesy title before a name).
        var beforeCapitalized = false
        /// Never when one of these words follows, e.g. "Social Security number".
        var notBefore: [String] = []

        static let anywhere = Context()

        var hasPositiveCondition: Bool {
            !clause.isEmpty || !after.isEmpty || !before.isEmpty || predicate || beforeCapitalized
        }
    }

    /// One row of the lexicon.
    struct Term: Sendable {
        var attribute: FairnessAttribute
        /// The term as written in the table, e.g. "female", "SNAP food assistance", "Ms".
        var text: String
        /// What a counterfactual writes instead, first one used; empty for a neutral edit or removal.
        var partners: [String]
        var edit: FairnessEdit
        var caseRule: CaseRule
        var context: Context
        /// Takes a following "." into the mention (and writes it after the partner): "Ms." → "Mr.".
        var abbreviation = false
    }
}
