import Foundation
import Tensors

/// The sequence-classification head, reading the first token's final hidden state:
///
/// - BERT: `pooler.dense` + tanh (BertPooler), then `classifier` (BertForSequenceClassification).
/// - DistilBERT: `pre_classifier` + ReLU, then `classifier`.
/// - RoBERTa: `classifier.dense` + tanh, then `classifier.out_proj` (RobertaClassificationHead).
/// - ELECTRA: `classifier.dense` + exact GELU (whatever `hidden_act` says: `ElectraClassificationHead` asks for
///   `get_activation("gelu")`), then `classifier.out_proj`.
///
/// Dropout is the identity at inference. Shapes: B = sequences, C = channels, L = labels.
public struct ClassificationHead: Sendable {
    public var dense: Linear
    public var output: Linear
    /// tanh for BERT and RoBERTa, ReLU for DistilBERT.
    public let usesTanh: Bool
    /// ELECTRA's activation (always exact GELU, as `ElectraClassificationHead` has it), used instead of tanh or
    /// ReLU; nil in the other families.
    public let activation: Activation?

    /// What the backward pass needs.
    public struct Cache: Sendable {
        /// The dense layer's input, `[B, C]` (after dropout in training).
        var input: Tensor
        /// The activated dense output, `[B, C]`.
        var activated: Tensor
        /// The output layer's input: `activated` after dropout, `[B, C]`.
        var pooled: Tensor
        /// Dropout masks over `input` (RoBERTa) and over `activated` (empty outside training).
        var inputDropout, pooledDropout: DropoutMask
        /// `activation`'s derivative at the dense output, `[B, C]` (ELECTRA only).
        var slopes: [Float] = []
    }

    init(_ checkpoint: Checkpoint, config: ModelConfiguration) {
        let names = WeightNames.headNames(config.architecture)
        dense = Linear(checkpoint, names.dense)
        output = Linear(checkpoint, names.output)
        usesTanh = config.architecture != .distilbert
        activation = config.architecture == .electra ? .gelu : nil
    }

    /// First-token states `[B, C]` → logits `[B, L]`. With `training`, the classifier dropout applies before
    /// the output layer (and, in RoBERTa, before the dense layer too).
    func forward(_ first: Tensor, training: TrainingContext? = nil) -> (Tensor, Cache) {
        var input = first  // [B, C]
        let inputDropout =
            training.map { $0.dropsHeadInput ? $0.mask(rate: $0.rates.classifier, count: input.count) : .none }
            ?? .none
        inputDropout.apply(&input.scalars)
        var activated = dense.forward(input)  // [B, C]
        var slopes: [Float] = []
        if let activation {
            slopes = activation.applyKeepingSlopes(&activated.scalars)
        } else {
            for i in activated.scalars.indices {
                activated.scalars[i] = usesTanh ? tanh(activated.scalars[i]) : max(0, activated.scalars[i])
            }
        }
        var pooled = activated
        let pooledDropout = training.map { $0.mask(rate: $0.rates.classifier, count: pooled.count) } ?? .none
        pooledDropout.apply(&pooled.scalars)
        let cache = Cache(
            input: input, activated: activated, pooled: pooled, inputDropout: inputDropout,
            pooledDropout: pooledDropout, slopes: slopes)
        return (output.forward(pooled), cache)
    }

    /// `dLogits[B, L]` → `dFirst[B, C]`; with `gradients`, also records both layers' weight gradients.
    func backward(
        _ dLogits: Tensor, cache: Cache, gradients: (sink: GradientSink, names: (dense: String, output: String))? = nil
    ) -> Tensor {
        // logits = pooled · Woᵀ + bo, pooled = dropout(activated)
        if let gradients {
            output.recordGradients(dLogits, input: cache.pooled, into: gradients.sink, name: gradients.names.output)
        }
        var dPooled = output.backwardInput(dLogits)  // [B, C]
        cache.pooledDropout.apply(&dPooled.scalars)
        // activated = tanh, ReLU or ELECTRA's activation(input · Wdᵀ + bd)
        if activation != nil {
            dPooled.multiply(cache.slopes)
        } else {
            for i in dPooled.scalars.indices {
                let a = cache.activated.scalars[i]
                dPooled.scalars[i] *= usesTanh ? 1 - a * a : (a > 0 ? 1 : 0)
            }
        }
        if let gradients {
            dense.recordGradients(dPooled, input: cache.input, into: gradients.sink, name: gradients.names.dense)
        }
        var dFirst = dense.backwardInput(dPooled)  // [B, C]
        cache.inputDropout.apply(&dFirst.scalars)
        return dFirst
    }
}
