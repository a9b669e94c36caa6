extension DraftText {
    /// One stretch of prose and pieces: a template whose `{slot}` markers were filled.
    enum Segment {
        case prose(String)
        case piece(Piece)
    }

    /// A paragraph, line or sentence planned before it is written, so its word count is known in advance.
    ///
    /// Typos never change word counts, so a document can be planned to a target length and then written.
    struct Block {
        private(set) var segments: [Segment] = []

        /// An empty block.
        init() {}

        /// Parses `template`, filling its `{slot}` markers from `slots`.
        ///
        /// A marker without a slot value is a programmer error in a template and stops the program.
        init(_ template: String, _ slots: [String: Piece] = [:]) {
            var remaining = Substring(template)
            while let open = remaining.firstIndex(of: "{") {
                if open > remaining.startIndex { segments.append(.prose(String(remaining[..<open]))) }
                guard let close = remaining[open...].firstIndex(of: "}") else {
                    preconditionFailure("Unclosed slot in template: \(template)")
                }
                let name = String(remaining[remaining.index(after: open)..<close])
                guard let piece = slots[name] else {
                    preconditionFailure("Template slot {\(name)} has no value: \(template)")
                }
                segments.append(.piece(piece))
                remaining = remaining[remaining.index(after: close)...]
            }
            if !remaining.isEmpty { segments.append(.prose(String(remaining))) }
        }

        /// The text the block writes before typos.
        var plainText: String {
            segments.map { segment -> String in
                switch segment {
                case .prose(let prose): return prose
                case .piece(.literal(let string)): return string
                case .piece(.fact(_, let phrase)): return phrase
                case .piece(.mention(let attribute, let value, let form)):
                    return ProtectedMention.surface(attribute: attribute, value: value, form: form)
                }
            }.joined()
        }

        /// Whitespace-separated words in the block.
        var wordCount: Int { DraftText.wordCount(plainText) }

        /// Whether the block holds a fact piece.
        var containsFact: Bool {
            segments.contains { segment in
                if case .piece(.fact) = segment { return true }
                return false
            }
        }

        /// Whether the block writes nothing.
        var isEmpty: Bool { segments.isEmpty }

        /// The block followed by `other`.
        static func + (lhs: Block, rhs: Block) -> Block {
            var result = lhs
            result.segments += rhs.segments
            return result
        }

        /// Appends `other` after `separator` (nothing when this block is empty).
        mutating func add(_ other: Block, separator: String = " ") {
            guard !other.isEmpty else { return }
            if !isEmpty && !separator.isEmpty { segments.append(.piece(.literal(separator))) }
            segments += other.segments
        }
    }
}
