// The lexicon's rows. Partners are the values a counterfactual writes; the first is used.

extension FairnessLexicon {
    /// Clause words that make "White", "Black" and other ambiguous words race ("monitoring": the government
    /// monitoring section of a credit application asks for race, ethnicity and sex).
    static let raceClause = [
        "race", "racial", "ethnicity", "ethnic", "identify as", "identifies as", "identified as", "self-identified",
        "monitoring",
    ]
    /// Person nouns after which "White" / "Black" are race ("a Black applicant").
    static let personNouns = [
        "man", "men", "woman", "women", "person", "people", "applicant", "applicants", "borrower", "borrowers",
        "family", "families", "household", "households", "customer", "customers", "community", "neighborhood",
        "male", "female",
    ]
    /// Copulas before a predicate ("I am single", "she is separated").
    static let copulas = ["am", "is", "are", "was", "were", "be", "been", "being", "now", "currently", "remains"]
    /// Words that make a following country name an origin.
    static let originCues = [
        "born in", "native of", "citizen of", "national of", "immigrated from", "emigrated from", "came from",
        "moved from", "originally from", "grew up in",
    ]
    /// Nouns after which a nationality adjective is not about a person's origin ("Canadian dollars").
    static let notOriginNouns = [
        "dollar", "dollars", "law", "laws", "court", "courts", "government", "company", "corporation", "bank",
        "ocean", "food", "cuisine", "restaurant", "shepherd", "standard", "time", "stock", "exchange",
    ]

    /// Nationality adjectives and their countries, in swap pairs: each side's partner is the other side.
    static let nationalityPairs:
        [(adjective: String, country: String, partnerAdjective: String, partnerCountry: String)] = [
            ("Irish", "Ireland", "Nigerian", "Nigeria"),
            ("German", "Germany", "Indian", "India"),
            ("Canadian", "Canada", "Vietnamese", "Vietnam"),
            ("Mexican", "Mexico", "Syrian", "Syria"),
            ("Italian", "Italy", "Pakistani", "Pakistan"),
            ("Polish", "Poland", "Somali", "Somalia"),
            ("British", "Britain", "Chinese", "China"),
            ("French", "France", "Iranian", "Iran"),
            ("Dutch", "the Netherlands", "Iraqi", "Iraq"),
            ("Swedish", "Sweden", "Afghan", "Afghanistan"),
            ("Norwegian", "Norway", "Ethiopian", "Ethiopia"),
            ("Scottish", "Scotland", "Guatemalan", "Guatemala"),
            ("Australian", "Australia", "Honduran", "Honduras"),
            ("Swiss", "Switzerland", "Haitian", "Haiti"),
            ("Danish", "Denmark", "Jamaican", "Jamaica"),
            ("Austrian", "Austria", "Colombian", "Colombia"),
            ("Greek", "Greece", "Egyptian", "Egypt"),
            ("Portuguese", "Portugal", "Lebanese", "Lebanon"),
            ("Finnish", "Finland", "Ghanaian", "Ghana"),
            ("Belgian", "Belgium", "Kenyan", "Kenya"),
            ("Czech", "the Czech Republic", "Bangladeshi", "Bangladesh"),
            ("Hungarian", "Hungary", "Nepali", "Nepal"),
            ("Russian", "Russia", "Cuban", "Cuba"),
            ("Ukrainian", "Ukraine", "Salvadoran", "El Salvador"),
            ("Romanian", "Romania", "Dominican", "the Dominican Republic"),
            ("Japanese", "Japan", "Filipino", "the Philippines"),
            ("Korean", "Korea", "Brazilian", "Brazil"),
            ("Israeli", "Israel", "Palestinian", "Palestine"),
            ("Turkish", "Turkey", "Venezuelan", "Venezuela"),
        ]

    /// Every row.
    static let table: [Term] =
        sexTerms + maritalTerms + raceTerms + colorTerms + religionTerms + originTerms
        + assistanceTerms

    static let sexTerms: [Term] = {
        let words: [(String, String)] = [
            ("female", "male"), ("male", "female"), ("woman", "man"), ("man", "woman"), ("women", "men"),
            ("men", "women"), ("she", "he"), ("he", "she"), ("her", "his"), ("his", "her"), ("him", "her"),
            ("hers", "his"), ("herself", "himself"), ("himself", "herself"), ("girl", "boy"), ("boy", "girl"),
        ]
        let titles: [(String, String, Bool)] = [
            ("Ms", "Mr", true), ("Mrs", "Mr", true), ("Mr", "Ms", true), ("Miss", "Mr.", false),
        ]
        return words.map {
            Term(attribute: .sex, text: $0.0, partners: [$0.1], edit: .swap, caseRule: .anyCase, context: .anywhere)
        }
            + titles.map {
                Term(
                    attribute: .sex, text: $0.0, partners: [$0.1], edit: .swap, caseRule: .exact,
                    context: Context(beforeCapitalized: true), abbreviation: $0.2)
            }
    }()

    static let maritalTerms: [Term] = {
        let plain: [(String, String)] = [
            ("married", "single"), ("unmarried", "married"), ("divorced", "married"), ("widowed", "married"),
        ]
        let ambiguous: [(String, String)] = [("single", "married"), ("separated", "married")]
        let marital = Context(clause: ["marital"], predicate: true)
        return plain.map {
            Term(
                attribute: .maritalStatus, text: $0.0, partners: [$0.1], edit: .swap, caseRule: .anyCase,
                context: .anywhere)
        }
            + ambiguous.map {
                Term(
                    attribute: .maritalStatus, text: $0.0, partners: [$0.1], edit: .swap, caseRule: .anyCase,
                    context: marital)
            }
    }()

    static let raceTerms: [Term] = {
        let race = Context(clause: raceClause, before: personNouns)
        let ambiguous = [("White", "Black"), ("Black", "White")]
        let plain = [
            ("Asian", "White"), ("Native American", "White"), ("American Indian", "White"),
            ("Alaska Native", "White"), ("Pacific Islander", "White"), ("Native Hawaiian", "White"),
            ("African American", "White"), ("African-American", "White"), ("Caucasian", "Black"),
            ("Hispanic", "White"), ("Latino", "White"), ("Latina", "White"),
        ]
        return ambiguous.map {
            Term(attribute: .race, text: $0.0, partners: [$0.1], edit: .swap, caseRule: .anyCase, context: race)
        }
            + plain.map {
                Term(
                    attribute: .race, text: $0.0, partners: [$0.1], edit: .swap, caseRule: .capitalized,
                    context: .anywhere)
            }
    }()

    static let colorTerms: [Term] = {
        let skin = Context(clause: ["complexion", "skin", "skin tone", "skin color", "skin colour"])
        let pairs = [
            ("fair", "dark"), ("light", "dark"), ("pale", "dark"), ("olive", "fair"), ("brown", "fair"),
            ("dark", "fair"), ("tan", "fair"),
        ]
        return pairs.map {
            Term(attribute: .color, text: $0.0, partners: [$0.1], edit: .swap, caseRule: .anyCase, context: skin)
        }
    }()

    static let religionTerms: [Term] = {
        let majority = ["Protestant", "Catholic", "Christian", "Baptist", "Methodist", "Lutheran", "Evangelical"]
        let minority = ["Jewish", "Hindu", "Muslim", "Islamic", "Buddhist", "Sikh", "Mormon", "Jain"]
        return majority.map {
            Term(
                attribute: .religion, text: $0, partners: ["Muslim", "Jewish"], edit: .swap, caseRule: .capitalized,
                context: .anywhere)
        }
            + minority.map {
                Term(
                    attribute: .religion, text: $0, partners: ["Protestant", "Catholic"], edit: .swap,
                    caseRule: .capitalized, context: .anywhere)
            }
    }()

    static let originTerms: [Term] = {
        let adjective = Context(notBefore: notOriginNouns)
        let country = Context(clause: ["national origin", "nationality", "citizenship"], after: originCues)
        var terms: [Term] = []
        for pair in nationalityPairs {
            for (word, partner, context) in [
                (pair.adjective, pair.partnerAdjective, adjective), (pair.partnerAdjective, pair.adjective, adjective),
                (pair.country, pair.partnerCountry, country), (pair.partnerCountry, pair.country, country),
            ] {
                terms.append(
                    Term(
                        attribute: .nationalOrigin, text: word, partners: [partner], edit: .swap,
                        caseRule: .capitalized, context: context))
            }
        }
        return terms
    }()

    /// Public-assistance programmes, replaced by a neutral income source; longer phrases win over their parts.
    static let assistanceTerms: [Term] = {
        let exact = [
            "Social Security retirement benefits", "Social Security retirement income", "Social Security benefits",
            "Social Security disability", "Social Security", "Supplemental Security Income", "SSI", "SSDI",
            "SNAP food assistance", "SNAP benefits", "SNAP", "Section 8 housing assistance", "Section 8 housing",
            "Section 8 voucher", "TANF cash assistance", "TANF", "Medicaid", "WIC", "EBT",
        ]
        let anyCase = [
            "food stamps", "public assistance", "cash assistance", "housing assistance", "welfare benefits",
            "welfare payments",
        ]
        let context = Context(notBefore: ["number", "numbers", "no", "card", "administration", "tax", "taxes"])
        return exact.map {
            Term(
                attribute: .publicAssistance, text: $0, partners: ["salary income"], edit: .neutralize,
                caseRule: .exact, context: context)
        }
            + anyCase.map {
                Term(
                    attribute: .publicAssistance, text: $0, partners: ["salary income"], edit: .neutralize,
                    caseRule: .anyCase, context: context)
            }
            + [
                Term(
                    attribute: .publicAssistance, text: "welfare", partners: ["salary income"], edit: .neutralize,
                    caseRule: .anyCase, context: Context(after: ["on", "receives", "received", "receiving", "receive"]))
            ]
    }()
}
