import Support

/// Writes one loan application as a letter, a form or an officer's summary.
///
/// The writer plans the document as blocks (see ``DraftText/Block``): the mandatory ones state every
/// underwriting fact once and the protected mentions the profile asks for; optional filler paragraphs are then
/// inserted until the planned length is reached.
struct LoanDocumentWriter {
    typealias Block = DraftText.Block
    typealias Fact = LoanUnderwriting.Fact

    let facts: LoanFacts
    let profile: ApplicantProfile
    let genre: Genre
    let small: Bool
    let phrases: LoanPhrases
    let money: MoneyStyle
    let lender: String
    let employer: String
    let occupation: String
    let city: String
    let collateralDescription: String
    var random: SeededGenerator

    static let lenders = [
        "Riverbend Community Bank", "Summit Federal Credit Union", "Lakeshore Savings Bank", "Meridian Trust Bank",
        "Cedar Valley Credit Union", "Northgate Bank", "Harborview Financial", "Prairie State Lending",
    ]
    static let jobs: [(employer: String, occupation: String)] = [
        ("Brightline Logistics", "a warehouse supervisor"), ("St. Anne's Regional Hospital", "a registered nurse"),
        ("Cobalt Software", "a software developer"), ("the Jefferson County School District", "a teacher"),
        ("Keystone Electric", "an electrician"), ("Pinecrest Dental Group", "a dental hygienist"),
        ("Atlas Freight", "a truck driver"), ("Hollis & Grant CPAs", "an accountant"),
        ("Harvest Table Restaurants", "a line cook"), ("Ironwood Manufacturing", "a machinist"),
        ("Greenleaf Pharmacy", "a pharmacy technician"), ("Bluewater Hotels", "a sales manager"),
        ("the city water department", "a maintenance technician"), ("Maple Ridge Care Home", "a care assistant"),
    ]
    static let cities = [
        "Columbus", "Sacramento", "Raleigh", "Tucson", "Milwaukee", "Albany", "Spokane", "Omaha", "Richmond",
        "Des Moines",
    ]
    static let vehicles = [
        "2019 Toyota RAV4", "2018 Ford F-150", "2020 Honda Civic", "2017 Subaru Outback", "2021 Kia Sorento",
    ]
    static let equipment = [
        "a commercial espresso machine and kitchen line", "a CNC milling machine", "a used box truck and tools",
        "salon chairs and equipment",
    ]

    init(facts: LoanFacts, profile: ApplicantProfile, genre: Genre, small: Bool, random: SeededGenerator) {
        var random = random
        self.facts = facts
        self.profile = profile
        self.genre = genre
        self.small = small
        money = MoneyStyle(currency: facts.currency, placement: small ? 0 : random.next(below: 3))
        phrases = LoanPhrases(facts: facts, money: money, wordsForCounts: !small && random.chance(0.5), limited: small)
        lender = random.pick(Self.lenders)
        let job = random.pick(Self.jobs)
        employer = job.employer
        occupation = job.occupation
        city = random.pick(Self.cities)
        switch facts.collateral {
        case .vehicle: collateralDescription = "a " + random.pick(Self.vehicles)
        case .homeEquity: collateralDescription = "a second lien on the family home in \(city)"
        case .equipment: collateralDescription = random.pick(Self.equipment)
        case nil: collateralDescription = ""
        }
        self.random = random
    }

    /// The facts written, in the order the genre states them.
    var writtenFacts: [Fact] {
        [.employment, .debtToIncome, .delinquencies, .derogatoryRecord, .reserves]
            + (facts.collateral == nil ? [] : [.loanToValue])
    }

    // MARK: - Shared pieces

    func mention(_ attribute: ProtectedAttribute, _ form: MentionForm) -> DraftText.Piece {
        .mention(attribute, profile.value(attribute), form)
    }

    var collateralValue: Int {
        guard let ratio = facts.loanToValuePercent, ratio > 0 else { return 0 }
        return facts.requestedAmount * 100 / ratio / 100 * 100
    }

    /// The piece for a deciding fact in prose.
    mutating func factPiece(_ fact: Fact) -> DraftText.Piece {
        let phrase: String
        switch fact {
        case .debtToIncome: phrase = phrases.debtToIncome(&random)
        case .delinquencies: phrase = phrases.delinquencies(&random)
        case .derogatoryRecord: phrase = phrases.derogatoryRecord(&random)
        case .employment: phrase = phrases.employment(employer: employer, &random)
        case .reserves: phrase = phrases.reserves(&random)
        case .loanToValue: phrase = phrases.loanToValue(&random)
        }
        return .fact(fact.rawValue, phrase)
    }

    /// How the summary refers to the applicant: "Ms. Okafor" when sex is mentioned, else "Amara Okafor".
    func reference() -> Block {
        if profile.mentions(.sex) {
            return Block("{title} {family}", ["title": mention(.sex, .title), "family": mention(.name, .familyName)])
        }
        return Block("{name}", ["name": mention(.name, .fullName)])
    }

    /// The sentences that mention protected attributes, in the first or third person.
    mutating func protectedSentences(firstPerson: Bool) -> [Block] {
        var blocks: [Block] = []
        for attribute in profile.mentioned where attribute != .name && attribute != .sex {
            let slot: [String: DraftText.Piece] = [
                "v": mention(attribute, attribute == .nationalOrigin && random.chance(0.5) ? .country : .value),
                "city": .literal(city),
            ]
            let templates = firstPerson ? Self.firstPersonTemplates(attribute) : Self.thirdPersonTemplates(attribute)
            let template = small ? templates[0] : random.pick(templates)
            var slots = slot
            if attribute == .nationalOrigin {
                let form: MentionForm = template.contains("born in") ? .country : .value
                slots["v"] = mention(attribute, form)
            }
            let parts = template.split(separator: "{ref}", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2 {
                blocks.append(Block(String(parts[0]), slots) + reference() + Block(String(parts[1]), slots))
            } else {
                blocks.append(Block(template, slots))
            }
        }
        return blocks
    }

    static func thirdPersonTemplates(_ attribute: ProtectedAttribute) -> [String] {
        switch attribute {
        case .age: return ["The applicant is {v} years old.", "{ref} gives an age of {v}."]
        case .maritalStatus: return ["Marital status: {v}.", "{ref} is {v}."]
        case .race:
            return [
                "Race (self-identified, voluntary): {v}.",
                "On the monitoring section the applicant selected {v} as race.",
            ]
        case .color: return ["The intake notes describe the applicant's complexion as {v}."]
        case .religion:
            return [
                "The applicant volunteers with a {v} community group.",
                "{ref} belongs to a {v} congregation in {city}.",
            ]
        case .nationalOrigin:
            return ["The applicant is of {v} origin.", "{ref} was born in {v} and now lives in {city}."]
        case .publicAssistance: return ["The household also receives {v}.", "Other household support: {v}."]
        case .sex, .name: return []
        }
    }

    static func firstPersonTemplates(_ attribute: ProtectedAttribute) -> [String] {
        switch attribute {
        case .age: return ["I am {v} years old.", "I am {v}."]
        case .maritalStatus: return ["I am {v}.", "My marital status is {v}."]
        case .race: return ["For your monitoring form, I identify as {v}.", "My race, if you need it, is {v}."]
        case .color: return ["On your form I described my complexion as {v}."]
        case .religion:
            return ["I volunteer with my local {v} community.", "I belong to a {v} congregation in {city}."]
        case .nationalOrigin: return ["I am of {v} origin.", "I was born in {v} and moved to {city} years ago."]
        case .publicAssistance: return ["Our household also receives {v}.", "We also receive {v}."]
        case .sex, .name: return []
        }
    }
}
