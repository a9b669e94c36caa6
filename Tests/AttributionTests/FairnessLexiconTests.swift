import XCTest

@testable import Attribution

/// The lexicon finds each attribute with exact offsets, ignores ordinary words, and writes counterfactuals in
/// the case of the original.
final class FairnessLexiconTests: XCTestCase {
    private let lexicon = FairnessLexicon.standard

    /// The Unicode-scalar range of the first `needle` in `text` at or after `from`.
    private func span(_ needle: String, in text: String, from: Int) -> (Int, Int) {
        let scalars = Array(text.unicodeScalars)
        let pattern = Array(needle.unicodeScalars)
        for start in from..<max(from, scalars.count - pattern.count + 1)
        where Array(scalars[start..<(start + pattern.count)]) == pattern {
            return (start, start + pattern.count)
        }
        XCTFail("'\(needle)' not in '\(text)'")
        return (-1, -1)
    }

    /// Asserts the text's mentions are exactly `expected` (attribute, text, replacement), at the right offsets.
    private func assertMentions(
        _ text: String, _ expected: [(FairnessAttribute, String, String)], file: StaticString = #filePath,
        line: UInt = #line
    ) {
        let found = lexicon.mentions(in: text)
        XCTAssertEqual(
            found.map { "\($0.attribute.rawValue):\($0.text)→\($0.replacement)" },
            expected.map { "\($0.0.rawValue):\($0.1)→\($0.2)" }, "in '\(text)'", file: file, line: line)
        var searched = 0
        for (mention, (_, needle, _)) in zip(found, expected) {
            let (start, end) = span(needle, in: text, from: searched)
            searched = max(searched, end)
            XCTAssertEqual(
                [mention.start, mention.end], [start, end], "offsets of '\(needle)'", file: file, line: line)
        }
    }

    // MARK: - Each attribute

    func testSex() {
        assertMentions("Sex: female.", [(.sex, "female", "male")])
        assertMentions("Sex: Male", [(.sex, "Male", "Female")])
        assertMentions(
            "Background: Ms. Okafor works as a nurse.", [(.sex, "Ms.", "Mr."), (.name, "Okafor", "")])
        assertMentions("She is a woman of means.", [(.sex, "She", "He"), (.sex, "woman", "man")])
    }

    func testRace() {
        assertMentions("Race (self-identified, voluntary): Black.", [(.race, "Black", "White")])
        assertMentions(
            "On the monitoring section the applicant selected White as race.", [(.race, "White", "Black")])
        assertMentions("The applicant is Native American.", [(.race, "Native American", "White")])
        assertMentions("A Black applicant applied.", [(.race, "Black", "White")])
    }

    func testColor() {
        assertMentions(
            "The intake notes describe the applicant's complexion as olive.", [(.color, "olive", "fair")])
        assertMentions("Complexion (self-described): Dark", [(.color, "Dark", "Fair")])
    }

    func testReligion() {
        assertMentions("I belong to a Muslim congregation in Tucson.", [(.religion, "Muslim", "Protestant")])
        assertMentions("The applicant volunteers with a Catholic community group.", [(.religion, "Catholic", "Muslim")])
    }

    func testNationalOrigin() {
        assertMentions(
            "Ms. Okafor was born in Germany and now lives in Sacramento.",
            [(.sex, "Ms.", "Mr."), (.name, "Okafor", ""), (.nationalOrigin, "Germany", "India")])
        assertMentions("The applicant is of Nigerian origin.", [(.nationalOrigin, "Nigerian", "Irish")])
        assertMentions("National origin: Vietnamese", [(.nationalOrigin, "Vietnamese", "Canadian")])
        assertMentions("I was born in Vietnam and moved to Omaha years ago.", [(.nationalOrigin, "Vietnam", "Canada")])
    }

    func testMaritalStatus() {
        assertMentions("Marital status: widowed.", [(.maritalStatus, "widowed", "married")])
        assertMentions("Marital status: Single", [(.maritalStatus, "Single", "Married")])
        assertMentions("I am single.", [(.maritalStatus, "single", "married")])
        assertMentions(
            "Mr. Chen is separated.",
            [(.sex, "Mr.", "Ms."), (.name, "Chen", ""), (.maritalStatus, "separated", "married")])
        assertMentions("I am married and have two children.", [(.maritalStatus, "married", "single")])
    }

    func testAge() {
        assertMentions("The applicant is 48 years old.", [(.age, "48", "78")])
        assertMentions("Age: 62\nCity: Omaha", [(.age, "62", "32")])
        assertMentions("I am 34.", [(.age, "34", "64")])
        assertMentions("A 55-year-old nurse applied.", [(.age, "55-year-old", "25-year-old")])
        assertMentions("Mr. Park gives an age of 27.", [(.sex, "Mr.", "Ms."), (.name, "Park", ""), (.age, "27", "57")])
        assertMentions("She was born in 1950.", [(.sex, "She", "He"), (.age, "1950", "1980")])
    }

    func testPublicAssistance() {
        assertMentions(
            "The household also receives SNAP food assistance.",
            [(.publicAssistance, "SNAP food assistance", "salary income")])
        assertMentions(
            "Public assistance received: TANF cash assistance",
            [(.publicAssistance, "TANF cash assistance", "salary income")])
        assertMentions(
            "Section 8 housing assistance pays part of the rent.",
            [(.publicAssistance, "Section 8 housing assistance", "Salary income")])
    }

    func testNames() {
        assertMentions("Applicant: Amara Okafor\nTerm: 24 months", [(.name, "Amara Okafor", "")])
        assertMentions("Applicant name: Ji-woo Tanaka\n", [(.name, "Ji-woo Tanaka", "")])
        assertMentions("Thank you.\n\nKind regards,\nAndrei Shevchenko\n", [(.name, "Andrei Shevchenko", "")])
        assertMentions("Applicant José García requests $5,000 for a car.", [(.name, "José García", "")])
        assertMentions(
            "Signed: Farzana Sharma for the Company; Noor Nasser for the Client.",
            [(.name, "Farzana Sharma", ""), (.name, "Noor Nasser", "")])
        assertMentions(
            "CREDIT MEMORANDUM\nApplicant: Abena Okafor\nBackground: Okafor works as a nurse.",
            [(.name, "Abena Okafor", ""), (.name, "Okafor", "")])
        assertMentions(
            "Evergreen Software Corp.\nBy: Farzana Sharma\nTitle: General Counsel", [(.name, "Farzana Sharma", "")])
    }

    // MARK: - False positives

    func testOrdinaryWordsAreNotMentions() {
        let sentences = [
            "We may approve the loan in May.",
            "Please read the white paper on black swan events.",
            "The buyer owns a single-family home and tools from Black & Decker.",
            "A single or partial exercise does not prevent any further exercise.",
            "The pages are separated by a blank line.",
            "Payments are in Canadian dollars.",
            "This Agreement is governed by the laws of Germany and the State of New York.",
            "Enter your Social Security number on the form.",
            "See Section 8 of the Agreement for termination.",
            "The light was dark in the hallway and the paint was olive and brown.",
            "She has catholic tastes.".replacingOccurrences(of: "She", with: "It"),
            "We talked turkey about the white elephant.",
            "The manager and the chairman discussed the mandate.",
            "The term is 24 months and the account is 36 months current.",
            "I am 100% sure the figures are right.",
            "Miss a payment and the rate rises.",
            "The MS Word file was attached.",
            "Freight crosses the Indian Ocean.",
            "Dear Sir or Madam,",
            "The Company is a single entity with separated duties.",
            "Our welfare committee meets monthly.",
            "Brown University and the Black Sea are places.",
        ]
        for sentence in sentences {
            let found = lexicon.mentions(in: sentence)
            XCTAssertTrue(found.isEmpty, "false positives in '\(sentence)': \(found.map(\.text))")
        }
    }

    // MARK: - Counterfactuals

    func testSwapsKeepCapitalisation() {
        let text = "Sex: Female. Marital status: Married. Ms. Okafor is 48 years old. SEX: FEMALE. She is MUSLIM."
        let edits = lexicon.mentions(in: text).filter { $0.attribute != .name }
        XCTAssertEqual(
            lexicon.counterfactual(of: text, editing: edits),
            "Sex: Male. Marital status: Single. Mr. Okafor is 78 years old. SEX: MALE. He is PROTESTANT.")
    }

    func testNameRemovalTidiesSpaces() {
        let text = "Applicant Amara Okafor requests $5,000.\nSigned: Amara Okafor\n"
        let names = lexicon.mentions(in: text, attributes: [.name])
        XCTAssertEqual(names.map(\.rule), ["name: applicant", "name: field"])
        XCTAssertEqual(lexicon.counterfactual(of: text, editing: names), "Applicant requests $5,000.\nSigned:\n")
    }

    func testAttributesFilterAndVersion() {
        let text = "Sex: female. The applicant is 48 years old."
        XCTAssertEqual(lexicon.mentions(in: text, attributes: [.age]).map(\.text), ["48"])
        XCTAssertFalse(lexicon.version.isEmpty)
        XCTAssertFalse(FairnessLexicon.notChecked.isEmpty)
    }
}
