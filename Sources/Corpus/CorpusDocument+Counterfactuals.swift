extension CorpusDocument {
    /// The same document with another value of one protected attribute written at every mention of it, and
    /// every span re-computed; one document per alternative value.
    ///
    /// For ``ProtectedAttribute/name`` the alternatives are one name per other origin, of the same sex, at the
    /// same list positions; for ``ProtectedAttribute/sex`` the given names are changed too (to the name at the
    /// same position for the other sex and origin), so the text stays coherent, and a document whose only sign
    /// of sex is a given name still gets a counterfactual. Labels, facts and rationale text are untouched: the
    /// rules never read protected attributes.
    ///
    /// - Parameter attribute: The attribute to swap.
    /// - Returns: Counterfactual documents, with ids `"<id>-cf-<attribute>-<value>"`; empty when the document
    ///   never mentions `attribute`.
    public func counterfactuals(for attribute: ProtectedAttribute) -> [CorpusDocument] {
        guard let current = currentValue(of: attribute) else { return [] }
        let alternatives: [String]
        if attribute == .name {
            guard let person = PersonNames.person(named: current) else { return [] }
            alternatives = PersonNames.origins.filter { $0 != person.origin }.map { origin in
                var other = person
                other.origin = origin
                return other.fullName
            }
        } else {
            alternatives = attribute.values.filter { $0 != current }
        }
        return alternatives.compactMap { try? replacing(attribute, with: $0) }
    }

    /// The document with `value` written at every mention of `attribute` (for ``ProtectedAttribute/name``, and
    /// for the given names a sex swap changes: every mention of the first-mentioned person, the applicant or the
    /// Company's signatory).
    ///
    /// - Parameters:
    ///   - attribute: The attribute to swap.
    ///   - value: One of `attribute.values`, or for names a full name from ``PersonNames``.
    /// - Throws: ``CorpusError/unknownAttributeValue(attribute:value:)`` for a value the attribute lacks.
    public func replacing(_ attribute: ProtectedAttribute, with value: String) throws -> CorpusDocument {
        let known = attribute == .name ? PersonNames.person(named: value) != nil : attribute.values.contains(value)
        guard known else { throw CorpusError.unknownAttributeValue(attribute: attribute, value: value) }
        guard let current = mentions(of: attribute).first?.value ?? currentValue(of: attribute) else { return self }
        var replacements: [Int: (value: String, surface: String)] = [:]
        for (index, mention) in protectedMentions.enumerated() {
            var newValue: String?
            switch (attribute, mention.attribute) {
            case (.name, .name) where mention.value == current:
                newValue = value
            case (.sex, .name) where mention.value == mentions(of: .name).first?.value:
                if var person = PersonNames.person(named: mention.value), person.sex != value {
                    person.sex = value
                    newValue = person.fullName
                }
            case _ where mention.attribute == attribute:
                newValue = value
            default:
                break
            }
            if let newValue {
                let surface = ProtectedMention.surface(
                    attribute: mention.attribute, value: newValue, form: mention.form)
                replacements[index] = (newValue, surface)
            }
        }
        var result = self
        result.id = "\(id)-cf-\(attribute.rawValue)-\(Self.slug(value))"
        var scalars = Array(text.unicodeScalars)
        // Work from the end so earlier offsets stay valid while editing; then shift every span once.
        let order = replacements.keys.sorted { protectedMentions[$0].span.start > protectedMentions[$1].span.start }
        var edits: [(span: Span, delta: Int)] = []
        for index in order {
            guard let replacement = replacements[index] else { continue }
            let span = protectedMentions[index].span
            let newScalars = Array(replacement.surface.unicodeScalars)
            scalars.replaceSubrange(span.start..<span.end, with: newScalars)
            edits.append((span, newScalars.count - span.length))
            result.protectedMentions[index].value = replacement.value
        }
        func moved(_ span: Span) -> Span {
            var start = span.start
            var end = span.end
            for edit in edits {
                if edit.span.end <= span.start {
                    start += edit.delta
                    end += edit.delta
                } else if edit.span == span {
                    end += edit.delta
                }
            }
            return Span(start: start, end: end)
        }
        var newText = ""
        newText.unicodeScalars.append(contentsOf: scalars)
        result.text = newText
        for index in result.protectedMentions.indices {
            result.protectedMentions[index].span = moved(protectedMentions[index].span)
        }
        for index in result.rationale.indices {
            result.rationale[index].span = moved(rationale[index].span)
        }
        result.typos = typos.map(moved)
        return result
    }

    /// The value a counterfactual swaps away from: the first mention's value, or for sex the first name's sex.
    private func currentValue(of attribute: ProtectedAttribute) -> String? {
        if let value = mentions(of: attribute).first?.value { return value }
        guard attribute == .sex, let name = mentions(of: .name).first?.value else { return nil }
        return PersonNames.person(named: name)?.sex
    }

    static func slug(_ value: String) -> String {
        String(value.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }
}
