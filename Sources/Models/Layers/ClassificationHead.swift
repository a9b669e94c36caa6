import Foundation
import Tensors

/// The sequence-classification head, reading the first token's final hidden state:
///
/// - BERT: `pooler.dense` + tanh (BertPooler), then `classifier` (BertForSequenceClassification).
/// - DistilBERT: `pre_classifier` + ReLU, then `classifier`.
/// - RoBERTa: `classifier.dense` + tanh, then `classifier.out_proj` (RobertaClassificationHead).
///
/// Dropout is the identity at inference. Shapes: B = sequences, C = channels, L = labels.
public struct ClassificationHead: Sendable {
    public var dense: Linear
    public var output: Linear
    /// tanh for BERT and RoBERTa, ReLU for DistilBERT.
    public let usesTanh: Bool

    /// What the backward pass needs.
    public struct Cache: Sendable {
        /// The activated dense output, `[B, C]`.
        var activated: Tensor
    }

    init(_ checkpoint: Checkpoint, config: ModelConfiguration) {
        let names = WeightNames.headNames(config.architecture)
        dense = Linear(checkpoint, names.dense)
        output = Linear(checkpoint, names.output)
        usesTanh = config.architecture != .distilbert
    }

    /// First-token states `[B, C]` → logits `[B, L]`.
    func forward(_ first: Tensor) -> (Tensor, Cache) {
        var pooled = dense.forward(first)
        for i in pooled.scalars.indices {
            pooled.scalars[i] = usesTanh ? tanh(pooled.scalars[i]) : max(0, pooled.scalars[i])
        }
        return (output.forward(pooled), Cache(activated: pooled))
    }

    /// `dLogits[B, L]` → `dFirst[B, C]`.
    func backward(_ dLogits: Tensor, cache: Cache) -> Tensor {
        var dPooled = output.backwardInput(dLogits)
        for i in dPooled.scalars.indices {
            let a = cache.activated.scalars[i]
            dPooled.scalars[i] *= usesTanh ? 1 - a * a : (a > 0 ? 1 : 0)
        }
        return dense.backwardInput(dPooled)
    }
}
