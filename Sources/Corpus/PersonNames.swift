import Support

/// Given and family names of varied origins, and the lookups counterfactuals need.
///
/// Every given name and every family name appears once in the whole table, so a name identifies its origin,
/// its list position and the sex it is usually given to. Letters are precomposed (NFC).
public enum PersonNames {
    /// One origin's names.
    struct Origin {
        let label: String
        let female: [String]
        let male: [String]
        let family: [String]
    }

    static let table: [Origin] = [
        Origin(
            label: "Anglo-American", female: ["Emily", "Sarah", "Megan", "Abigail"],
            male: ["James", "Connor", "Tyler", "Matthew"], family: ["Whitaker", "Sullivan", "Brooks", "Hale"]),
        Origin(
            label: "Hispanic", female: ["María", "Lucía", "Gabriela", "Ximena"],
            male: ["José", "Alejandro", "Mateo", "Santiago"], family: ["García", "Hernández", "Morales", "Ruiz"]),
        Origin(
            label: "West African", female: ["Amara", "Ngozi", "Abena", "Folake"],
            male: ["Chinedu", "Kwame", "Oluwaseun", "Kofi"], family: ["Okafor", "Mensah", "Adeyemi", "Boateng"]),
        Origin(
            label: "East Asian", female: ["Mei", "Yuki", "Ji-woo", "Xiaoling"],
            male: ["Wei", "Hiroshi", "Min-jun", "Jian"], family: ["Chen", "Tanaka", "Park", "Liu"]),
        Origin(
            label: "South Asian", female: ["Priya", "Ananya", "Deepika", "Farzana"],
            male: ["Arjun", "Rahul", "Imran", "Sandeep"], family: ["Patel", "Sharma", "Chowdhury", "Iyer"]),
        Origin(
            label: "Arabic", female: ["Fatima", "Layla", "Noor", "Yasmin"],
            male: ["Omar", "Karim", "Yusuf", "Tariq"], family: ["Haddad", "Al-Masri", "Khalil", "Nasser"]),
        Origin(
            label: "Eastern European", female: ["Katarzyna", "Olena", "Milena", "Zofia"],
            male: ["Tomasz", "Dmytro", "Luka", "Andrei"], family: ["Kowalski", "Shevchenko", "Novák", "Popescu"]),
        Origin(
            label: "Vietnamese", female: ["Linh", "Thảo", "Huong", "Trang"],
            male: ["Minh", "Quang", "Duc", "Tuấn"], family: ["Nguyễn", "Trần", "Phạm", "Lê"]),
    ]

    /// The origin labels, in table order (the values of ``ProtectedAttribute/name``).
    public static let origins: [String] = table.map(\.label)

    /// A person's name with the facts a counterfactual needs.
    public struct Person: Hashable, Sendable {
        /// The origin label, e.g. "West African".
        public var origin: String
        /// `"female"` or `"male"`.
        public var sex: String
        /// Position of the given name in its list.
        public var givenIndex: Int
        /// Position of the family name in its list.
        public var familyIndex: Int

        /// The given name.
        public var given: String {
            let entry = PersonNames.entry(origin)
            return sex == "female" ? entry.female[givenIndex] : entry.male[givenIndex]
        }

        /// The family name.
        public var family: String { PersonNames.entry(origin).family[familyIndex] }

        /// Given and family name, e.g. "Amara Okafor".
        public var fullName: String { "\(given) \(family)" }
    }

    static func entry(_ origin: String) -> Origin {
        table.first { $0.label == origin } ?? table[0]
    }

    /// Draws a person of the given origin and sex.
    static func person(origin: String, sex: String, using random: inout SeededGenerator) -> Person {
        let entry = entry(origin)
        return Person(
            origin: origin, sex: sex, givenIndex: random.next(below: entry.female.count),
            familyIndex: random.next(below: entry.family.count))
    }

    /// Finds the person behind a full name written by this table, or `nil` for a name it never wrote.
    public static func person(named fullName: String) -> Person? {
        for origin in table {
            for (familyIndex, family) in origin.family.enumerated() where fullName.hasSuffix(" " + family) {
                let given = String(fullName.dropLast(family.count + 1))
                if let index = origin.female.firstIndex(of: given) {
                    return Person(origin: origin.label, sex: "female", givenIndex: index, familyIndex: familyIndex)
                }
                if let index = origin.male.firstIndex(of: given) {
                    return Person(origin: origin.label, sex: "male", givenIndex: index, familyIndex: familyIndex)
                }
            }
        }
        return nil
    }
}
