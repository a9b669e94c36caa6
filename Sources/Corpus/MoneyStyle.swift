/// How one document writes amounts of money and small counts; chosen once per document.
struct MoneyStyle {
    /// ISO 4217 code, e.g. "EUR".
    let currency: String
    /// 0: symbol before ("€4,250"), 1: code after ("4,250 EUR"), 2: code before ("EUR 4,250").
    let placement: Int

    static let currencies = ["USD", "USD", "USD", "EUR", "GBP", "CAD", "AUD", "CHF"]

    static func symbol(_ currency: String) -> String {
        switch currency {
        case "USD": return "$"
        case "EUR": return "€"
        case "GBP": return "£"
        case "CAD": return "C$"
        case "AUD": return "A$"
        default: return "CHF "
        }
    }

    /// Writes `amount` with thousands separators in this document's style, e.g. "$18,500".
    func format(_ amount: Int) -> String {
        let digits = Self.grouped(amount)
        switch placement {
        case 0: return Self.symbol(currency) + digits
        case 1: return "\(digits) \(currency)"
        default: return "\(currency) \(digits)"
        }
    }

    /// Groups digits by thousands with commas, e.g. 18500 → "18,500".
    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var result = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return value < 0 ? "-" + result : result
    }

    static let numberWords = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]

    /// A small count as a word or as digits, e.g. 2 → "two" or "2".
    static func count(_ value: Int, asWord: Bool) -> String {
        asWord && value < numberWords.count ? numberWords[value] : String(value)
    }
}
