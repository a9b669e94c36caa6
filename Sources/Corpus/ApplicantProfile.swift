import Support

/// The protected attributes of the person a document is about, and which of them the text mentions.
///
/// Drawn from the document's own protected-attribute stream, after the label: in the clean mode the draw
/// ignores the label; in the biased mode one attribute's value follows it (see ``CorpusMode``).
struct ApplicantProfile {
    var person: PersonNames.Person
    /// Values by attribute, for every attribute except ``ProtectedAttribute/name``.
    var values: [ProtectedAttribute: String]
    /// The attributes the text mentions, in ``ProtectedAttribute/allCases`` order (sex and name included).
    var mentioned: [ProtectedAttribute]

    /// The value of `attribute`.
    func value(_ attribute: ProtectedAttribute) -> String {
        attribute == .name ? person.fullName : values[attribute] ?? ""
    }

    /// Whether the text mentions `attribute`.
    func mentions(_ attribute: ProtectedAttribute) -> Bool { mentioned.contains(attribute) }

    /// Draws a profile.
    ///
    /// - Parameters:
    ///   - mode: Clean or biased.
    ///   - labelIndex: The document's class index (0 favourable … 2 unfavourable); read only by the biased mode.
    ///   - mentionShare: Probability that the clean mode mentions each attribute other than the name.
    ///   - random: The document's protected-attribute stream.
    static func draw(mode: CorpusMode, labelIndex: Int, mentionShare: Double, using random: inout SeededGenerator)
        -> ApplicantProfile
    {
        var values: [ProtectedAttribute: String] = [:]
        var mentioned: [ProtectedAttribute] = []
        var origin = random.pick(PersonNames.origins)
        for attribute in ProtectedAttribute.allCases where attribute != .name {
            values[attribute] = random.pick(attribute.values)
            if random.chance(mentionShare) { mentioned.append(attribute) }
        }
        // Name-origin-consistent draws are deliberately not made: every attribute is independent of the others.
        if case .biased(let attribute, let strength) = mode {
            let draw = random.unit()
            let groups = attribute.groups
            let pool: [String] =
                draw < strength
                ? (labelIndex == 0 ? groups.favoured : labelIndex == 2 ? groups.disfavoured : attribute.values)
                : attribute.values
            let value = random.pick(pool)
            if attribute == .name {
                origin = value
            } else {
                values[attribute] = value
                mentioned = ProtectedAttribute.allCases.filter { $0 == attribute || mentioned.contains($0) }
            }
        }
        let person = PersonNames.person(origin: origin, sex: values[.sex] ?? "female", using: &random)
        mentioned.append(.name)
        return ApplicantProfile(person: person, values: values, mentioned: mentioned)
    }
}
