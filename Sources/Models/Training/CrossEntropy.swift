import Foundation
import Tensors

/// The classification loss `transformers` uses, `CrossEntropyLoss()(logits, labels)`:
/// `loss_s = log Σ_j exp(z_sj) − z_s,label` per sequence, computed in Double after subtracting the row maximum.
///
/// Shapes: B = sequences, L = labels.
public enum CrossEntropy {
    /// Per-sequence losses and the gradient of their sum.
    ///
    /// - Parameters:
    ///   - logits: `[B, L]`.
    ///   - labels: one class index per sequence, each in `0..<L`.
    /// - Returns: `losses[B]` and `dLogits[B, L]` = ∂(Σ_s loss_s)/∂logits = `softmax(z_s) − onehot(label_s)`.
    public static func evaluate(logits: Tensor, labels: [Int]) -> (losses: [Double], dLogits: Tensor) {
        let b = labels.count
        let l = logits.count / max(1, b)
        precondition(logits.count == b * l, "logits \(logits.shape) for \(b) labels")
        var losses = [Double](repeating: 0, count: b)
        var dLogits = [Float](repeating: 0, count: b * l)  // [B, L]
        for s in 0..<b {
            precondition(labels[s] >= 0 && labels[s] < l, "label \(labels[s]) outside 0..<\(l)")
            let row = logits.scalars[(s * l)..<((s + 1) * l)].map(Double.init)
            let maximum = row.max() ?? 0
            let exps = row.map { exp($0 - maximum) }
            let total = exps.reduce(0, +)
            losses[s] = log(total) - (row[labels[s]] - maximum)
            for j in 0..<l { dLogits[s * l + j] = Float(exps[j] / total - (j == labels[s] ? 1 : 0)) }
        }
        return (losses, Tensor(shape: [b, l], scalars: dLogits))
    }

    /// The mean loss over the batch and its gradient `(softmax − onehot) / B`.
    public static func mean(logits: Tensor, labels: [Int]) -> (loss: Float, dLogits: Tensor) {
        var (losses, dLogits) = evaluate(logits: logits, labels: labels)
        let b = Float(max(1, labels.count))
        for i in dLogits.scalars.indices { dLogits.scalars[i] /= b }
        return (Float(losses.reduce(0, +) / Double(max(1, labels.count))), dLogits)
    }
}
