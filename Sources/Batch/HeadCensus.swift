import Attribution
import Foundation

/// Head importance and roles aggregated over many documents: which heads the model's decisions lean on, which
/// behave the same way everywhere (specialised), and which matter so little that they are candidates for pruning
/// (as Voita et al. 2019 and Michel et al. 2019 pruned heads by importance).
public struct HeadCensus: Sendable, Codable, Equatable {
    /// One head over every document.
    public struct Head: Sendable, Codable, Equatable {
        public var layer: Int
        public var head: Int
        /// Mean over documents of the head's share of the document's total head importance.
        public var meanShare: Double
        /// Standard deviation of that share over documents.
        public var shareDeviation: Double
        /// Fraction of documents in which the head ranks among the 10 most important.
        public var topTenRate: Double
        /// The role most often assigned, and the fraction of documents that assign it.
        public var role: String
        public var roleConsistency: Double
        public var meanEntropy: Double
        public var meanDistance: Double
        /// Low importance everywhere: mean share under a quarter of the uniform share and in no document's top 10.
        public var pruningCandidate: Bool
    }

    public var documents: Int
    public var layers: Int
    public var headsPerLayer: Int
    /// Layer-major.
    public var heads: [Head]
    /// How many documents each label was the decision of.
    public var decisions: [String: Int]

    /// The uniform share, 1 / (layers × heads).
    public var uniformShare: Double { 1 / Double(max(1, layers * headsPerLayer)) }

    /// Aggregates per-document head statistics.
    /// - Throws: `BatchError.input` when there are none or they come from models of different shapes.
    public static func aggregate(_ explanations: [Explanation]) throws -> HeadCensus {
        var tally = Tally()
        for explanation in explanations { try tally.add(explanation) }
        return try tally.census()
    }

    /// Adds documents one at a time (a large batch is never held in memory at once).
    public struct Tally: Sendable {
        var layers = 0
        var perLayer = 0
        var documents = 0
        var shareSums: [Double] = []
        var shareSquares: [Double] = []
        var topTen: [Int] = []
        var roles: [[String: Int]] = []
        var entropy: [Double] = []
        var distance: [Double] = []
        var decisions: [String: Int] = [:]

        public init() {}

        /// Adds one document's head statistics.
        /// - Throws: `BatchError.input` when its model's shape differs from the first document's.
        public mutating func add(_ explanation: Explanation) throws {
            if documents == 0 {
                layers = explanation.model.layers
                perLayer = explanation.model.heads
                let count = layers * perLayer
                shareSums = .init(repeating: 0, count: count)
                shareSquares = shareSums
                entropy = shareSums
                distance = shareSums
                topTen = .init(repeating: 0, count: count)
                roles = .init(repeating: [:], count: count)
            }
            guard explanation.model.layers == layers, explanation.model.heads == perLayer,
                explanation.heads.count == layers * perLayer
            else {
                throw BatchError.input(
                    file: explanation.model.directory, detail: "a model of another shape than the first document's")
            }
            documents += 1
            decisions[explanation.prediction.label, default: 0] += 1
            let total = explanation.heads.reduce(0) { $0 + Double(max(0, $1.importance)) }
            for statistics in explanation.heads {
                let index = statistics.layer * perLayer + statistics.head
                let share = total > 0 ? Double(max(0, statistics.importance)) / total : 0
                shareSums[index] += share
                shareSquares[index] += share * share
                roles[index][statistics.role, default: 0] += 1
                entropy[index] += Double(statistics.entropy)
                distance[index] += Double(statistics.meanDistance)
            }
            for statistics in explanation.heads.sorted(by: { $0.importance > $1.importance }).prefix(10) {
                topTen[statistics.layer * perLayer + statistics.head] += 1
            }
        }

        /// The census of the documents added.
        /// - Throws: `BatchError.input` when none were added.
        public func census() throws -> HeadCensus {
            guard documents > 0 else {
                throw BatchError.input(file: "head census", detail: "no explained documents to aggregate")
            }
            let n = Double(documents)
            let count = layers * perLayer
            let uniform = 1 / Double(max(1, count))
            let heads = (0..<count).map { index -> Head in
                let mean = shareSums[index] / n
                let variance = max(0, shareSquares[index] / n - mean * mean)
                let role = roles[index].max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }
                return Head(
                    layer: index / perLayer, head: index % perLayer, meanShare: mean,
                    shareDeviation: variance.squareRoot(), topTenRate: Double(topTen[index]) / n, role: role?.key ?? "",
                    roleConsistency: Double(role?.value ?? 0) / n, meanEntropy: entropy[index] / n,
                    meanDistance: distance[index] / n, pruningCandidate: mean < uniform / 4 && topTen[index] == 0)
            }
            return HeadCensus(
                documents: documents, layers: layers, headsPerLayer: perLayer, heads: heads, decisions: decisions)
        }
    }
}
