import Support

/// A document's text under construction (the corpus writers' draft; `Dossier.DocumentText` is a document read
/// from a file), recording the spans of facts and protected mentions as it grows.
///
/// Writers append prose, literal figures, deciding facts and protected mentions; offsets are counted in
/// Unicode scalars as the text grows, so spans are exact by construction. Typos are only ever introduced into
/// ordinary prose written with ``write(_:)``: never into figures, deciding facts or protected mentions.
struct DraftText {
    /// A slot value in a ``Block`` template.
    enum Piece {
        /// Text written as is, without typos (figures, names of companies, headings).
        case literal(String)
        /// A deciding fact: becomes a rationale span if the rules name `fact`, and is never altered.
        case fact(String, String)
        /// A protected mention.
        case mention(ProtectedAttribute, String, MentionForm)
    }

    private(set) var text = ""
    private(set) var scalarCount = 0
    /// Spans of every fact phrase written, keyed by fact name, in order of writing.
    private(set) var factSpans: [(fact: String, span: Span)] = []
    private(set) var mentions: [ProtectedMention] = []
    private(set) var typos: [Span] = []
    private var random: SeededGenerator
    private let typoRate: Double

    /// Creates an empty text.
    ///
    /// - Parameters:
    ///   - typoRate: Probability that an eligible prose word (four or more ASCII letters) gets a typo.
    ///   - random: The document's typo stream.
    init(typoRate: Double, random: SeededGenerator) {
        self.typoRate = typoRate
        self.random = random
    }

    /// The number of whitespace-separated words so far.
    var wordCount: Int { Self.wordCount(text) }

    static func wordCount(_ text: String) -> Int {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).count
    }

    /// Appends text exactly as given.
    mutating func literal(_ string: String) {
        text += string
        scalarCount += string.unicodeScalars.count
    }

    /// Appends prose, possibly with typos in long all-letter words.
    mutating func write(_ prose: String) {
        guard typoRate > 0 else {
            literal(prose)
            return
        }
        var first = true
        for token in prose.split(separator: " ", omittingEmptySubsequences: false) {
            if !first { literal(" ") }
            first = false
            let word = String(token)
            let letters = word.prefix { $0.isASCII && $0.isLetter }
            let rest = word.dropFirst(letters.count)
            let eligible = letters.count >= 4 && rest.allSatisfy { ".,;:".contains($0) }
            if eligible && random.chance(typoRate) {
                let start = scalarCount
                literal(misspell(String(letters)))
                typos.append(Span(start: start, end: scalarCount))
                literal(String(rest))
            } else {
                literal(word)
            }
        }
    }

    /// Appends a deciding-fact phrase and records its span under `fact`.
    mutating func fact(_ fact: String, _ phrase: String) {
        let start = scalarCount
        literal(phrase)
        factSpans.append((fact, Span(start: start, end: scalarCount)))
    }

    /// Appends a protected mention written in `form` and records it.
    mutating func mention(_ attribute: ProtectedAttribute, _ value: String, _ form: MentionForm) {
        let start = scalarCount
        literal(ProtectedMention.surface(attribute: attribute, value: value, form: form))
        mentions.append(
            ProtectedMention(attribute: attribute, value: value, form: form, span: Span(start: start, end: scalarCount))
        )
    }

    /// Appends a block: its prose through ``write(_:)``, its pieces as facts, mentions or literals.
    mutating func append(_ block: Block) {
        for segment in block.segments {
            switch segment {
            case .prose(let prose): write(prose)
            case .piece(.literal(let string)): literal(string)
            case .piece(.fact(let fact, let phrase)): self.fact(fact, phrase)
            case .piece(.mention(let attribute, let value, let form)): mention(attribute, value, form)
            }
        }
    }

    /// One typo in a word of at least four letters: swap, drop or double an inner letter.
    private mutating func misspell(_ word: String) -> String {
        var letters = Array(word)
        let position = random.int(in: 1...(letters.count - 2))
        switch random.next(below: 3) {
        case 0:
            if letters[position] == letters[position + 1] {
                letters.remove(at: position)
            } else {
                letters.swapAt(position, position + 1)
            }
        case 1: letters.remove(at: position)
        default: letters.insert(letters[position], at: position)
        }
        return String(letters)
    }
}
