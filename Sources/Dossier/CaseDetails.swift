import Foundation

/// What a case file knows about a decision beyond the model: filled from `--record FILE.json` and options.
///
/// Every field is optional in the file; what is missing is printed as a blank line to fill in by hand.
public struct CaseDetails: Sendable, Codable, Equatable {
    /// The institution's case or application id, e.g. "APP-2026-00042".
    public var caseId: String?
    /// The action taken, e.g. "application referred to an underwriter" (default: the decision in words).
    public var action: String?
    /// The decision date, `YYYY-MM-DD` (default: today, UTC).
    public var decisionDate: String?
    /// "consumer" (records kept 25 months) or "business" (12 months).
    public var creditType: String?
    /// The person who reviewed the decision.
    public var reviewer: String?
    /// What the review concluded, e.g. "confirmed", "overridden".
    public var reviewOutcome: String?
    /// Why the reviewer overrode the model, if they did.
    public var overrideReason: String?
    /// When the review took place, `YYYY-MM-DD`.
    public var reviewDate: String?
    /// Who the applicant contacts to contest the decision (default: the template's contact).
    public var contact: String?

    public init(
        caseId: String? = nil, action: String? = nil, decisionDate: String? = nil, creditType: String? = nil,
        reviewer: String? = nil, reviewOutcome: String? = nil, overrideReason: String? = nil,
        reviewDate: String? = nil, contact: String? = nil
    ) {
        self.caseId = caseId
        self.action = action
        self.decisionDate = decisionDate
        self.creditType = creditType
        self.reviewer = reviewer
        self.reviewOutcome = reviewOutcome
        self.overrideReason = overrideReason
        self.reviewDate = reviewDate
        self.contact = contact
    }

    /// Reads a case record file.
    /// - Throws: `DossierError.caseRecord` naming the file and the field at fault.
    public static func load(_ url: URL) throws -> CaseDetails {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DossierError.caseRecord(file: url.path, detail: "cannot read the case record")
        }
        let details: CaseDetails
        do {
            details = try JSONDecoder().decode(CaseDetails.self, from: data)
        } catch let DecodingError.typeMismatch(_, context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw DossierError.caseRecord(file: url.path, detail: "'\(key)' must be a string")
        } catch {
            throw DossierError.caseRecord(file: url.path, detail: "not a JSON object of case fields")
        }
        try details.validate(file: url.path)
        return details
    }

    /// The fields of `other` that are set replace these.
    public func merged(with other: CaseDetails) -> CaseDetails {
        CaseDetails(
            caseId: other.caseId ?? caseId, action: other.action ?? action,
            decisionDate: other.decisionDate ?? decisionDate, creditType: other.creditType ?? creditType,
            reviewer: other.reviewer ?? reviewer, reviewOutcome: other.reviewOutcome ?? reviewOutcome,
            overrideReason: other.overrideReason ?? overrideReason, reviewDate: other.reviewDate ?? reviewDate,
            contact: other.contact ?? contact)
    }

    /// Checks dates and the credit type.
    /// - Throws: `DossierError.caseRecord` naming `file` (or the option) and the field.
    public func validate(file: String) throws {
        for (name, value) in [("decisionDate", decisionDate), ("reviewDate", reviewDate)] {
            if let value, CalendarDate(value) == nil {
                throw DossierError.caseRecord(file: file, detail: "\(name) '\(value)' is not a date YYYY-MM-DD")
            }
        }
        if let creditType, !["consumer", "business"].contains(creditType) {
            throw DossierError.caseRecord(
                file: file, detail: "creditType must be \"consumer\" or \"business\", not \"\(creditType)\"")
        }
    }
}

/// A calendar date `YYYY-MM-DD` (UTC), with month arithmetic for retention periods.
public struct CalendarDate: Sendable, Codable, Equatable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Parses `YYYY-MM-DD`; nil for anything else or an impossible date.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...Self.days(in: month, of: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Today in UTC.
    public static func today() -> CalendarDate {
        let components = Calendar(identifier: .gregorian).dateComponents(
            in: TimeZone(identifier: "UTC") ?? .current, from: Date())
        let text = String(format: "%04d-%02d-%02d", components.year ?? 1970, components.month ?? 1, components.day ?? 1)
        return CalendarDate(text) ?? CalendarDate("1970-01-01")!
    }

    /// The same day `months` later (the month's last day when it has fewer days).
    public func adding(months: Int) -> CalendarDate {
        let total = year * 12 + (month - 1) + months
        var result = self
        result.year = total / 12
        result.month = total % 12 + 1
        result.day = min(day, Self.days(in: result.month, of: result.year))
        return result
    }

    /// Midnight UTC of the date.
    public var date: Date {
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        components.timeZone = TimeZone(identifier: "UTC")
        return Calendar(identifier: .gregorian).date(from: components) ?? Date(timeIntervalSince1970: 0)
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    static func days(in month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not YYYY-MM-DD"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
