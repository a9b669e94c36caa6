// Temporary: replaced by Attribution's FairnessReport when the fairness probe lands.
public struct FairnessReport: Sendable, Codable, Equatable {}
