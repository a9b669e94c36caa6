/// How a counterfactual edits one mention of a protected attribute.
public enum FairnessEdit: String, Codable, Hashable, Sendable {
    /// Another value of the same attribute is written, e.g. "female" → "male", "Ms." → "Mr.", "48" → "78".
    case swap
    /// A neutral phrase replaces the mention, e.g. "SNAP food assistance" → "salary income".
    case neutralize
    /// The mention is deleted (with one adjacent space), e.g. a person's name.
    case remove
}

/// One place where the text mentions a protected attribute, and how the counterfactual edits it.
public struct FairnessMention: Codable, Hashable, Sendable {
    /// Which attribute is mentioned.
    public var attribute: FairnessAttribute
    /// The mention as written, e.g. `"Ms."`, `"SNAP food assistance"`, `"48"`.
    public var text: String
    /// Unicode-scalar offset of the first scalar of the mention in the text.
    public var start: Int
    /// Unicode-scalar offset just past the mention.
    public var end: Int
    /// How the counterfactual edits it.
    public var edit: FairnessEdit
    /// The text the counterfactual writes instead (empty for ``FairnessEdit/remove``), e.g. `"Mr."`.
    public var replacement: String
    /// The lexicon rule that found it, e.g. `"term"`, `"age: years old"`, `"name: honorific"`.
    public var rule: String

    /// Creates a mention record.
    /// - Parameters:
    ///   - attribute: The attribute mentioned.
    ///   - text: The mention as written.
    ///   - start: Unicode-scalar start offset.
    ///   - end: Unicode-scalar end offset (exclusive).
    ///   - edit: How the counterfactual edits it.
    ///   - replacement: The text written instead (empty for removal).
    ///   - rule: The lexicon rule that found it.
    public init(
        attribute: FairnessAttribute, text: String, start: Int, end: Int, edit: FairnessEdit, replacement: String,
        rule: String
    ) {
        self.attribute = attribute
        self.text = text
        self.start = start
        self.end = end
        self.edit = edit
        self.replacement = replacement
        self.rule = rule
    }
}
