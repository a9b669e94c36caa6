/// Accuracy and per-class precision, recall and F1 on a labelled set.
public struct EvaluationMetrics: Sendable, Equatable {
    /// Examples evaluated.
    public var count: Int
    /// Mean cross-entropy.
    public var loss: Float
    /// Fraction predicted correctly, 0…1.
    public var accuracy: Float
    /// `confusion[truth][prediction]` counts.
    public var confusion: [[Int]]

    public init(count: Int, loss: Float, accuracy: Float, confusion: [[Int]]) {
        (self.count, self.loss, self.accuracy, self.confusion) = (count, loss, accuracy, confusion)
    }

    /// The metrics of a confusion matrix `confusion[truth][prediction]` and a mean loss.
    public init(confusion: [[Int]], loss: Float = 0) {
        let count = confusion.joined().reduce(0, +)
        let correct = confusion.indices.reduce(0) { $0 + confusion[$1][$1] }
        self.init(
            count: count, loss: loss, accuracy: count == 0 ? 0 : Float(correct) / Float(count), confusion: confusion)
    }

    /// Per-class precision (0 when the class is never predicted).
    public var precision: [Float] {
        confusion.indices.map { k in
            let predicted = confusion.reduce(0) { $0 + $1[k] }
            return predicted == 0 ? 0 : Float(confusion[k][k]) / Float(predicted)
        }
    }

    /// Per-class recall (0 when the class never occurs).
    public var recall: [Float] {
        confusion.indices.map { k in
            let actual = confusion[k].reduce(0, +)
            return actual == 0 ? 0 : Float(confusion[k][k]) / Float(actual)
        }
    }

    /// Per-class F1, `2PR / (P + R)` (0 when both are 0), as scikit-learn's `f1_score(average=None)`.
    public var f1: [Float] {
        zip(precision, recall).map { p, r in p + r == 0 ? 0 : 2 * p * r / (p + r) }
    }

    /// The unweighted mean of the per-class F1.
    public var macroF1: Float { f1.isEmpty ? 0 : f1.reduce(0, +) / Float(f1.count) }
}
