/// A string compared scalar for scalar, as Rust and Python compare them.
///
/// Swift's `String` equality is canonical equivalence, so `"Å"` (U+00C5), `"Å"` (U+212B ANGSTROM SIGN) and
/// `"A\u{30A}"` are one dictionary key; in a vocabulary they are three tokens with three ids.
struct ExactString: Hashable, Sendable {
    var string: String

    init(_ string: String) {
        self.string = string
    }

    static func == (left: ExactString, right: ExactString) -> Bool {
        left.string.utf8.elementsEqual(right.string.utf8)
    }

    func hash(into hasher: inout Hasher) {
        var contiguous = string  // native strings are already contiguous UTF-8; this copies nothing
        contiguous.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
