import Foundation
import Tensors

extension SequenceClassifier {
    /// `forward` for a ModernBERT classifier: its own stack, the same `ForwardResult` (the BERT caches empty).
    func modernBERTForward(
        _ encoder: ModernBERTEncoder, _ batch: TokenBatch, ids: [Int], inputsEmbeds: Tensor, recording: Recording,
        perturbation: AttentionPerturbation?
    ) -> ForwardResult {
        let (logits, attentions, summaries, modernCache) = encoder.forward(
            batch, inputsEmbeds: inputsEmbeds, recording: recording, perturbation: perturbation)
        var cache: ForwardCache?
        if let modernCache {
            let noNorm = LayerNorm.Cache(normalized: Tensor(zeros: [0]), inverseDeviation: [])
            let empty = Tensor(zeros: [0])
            cache = ForwardCache(
                batch: batch, ids: ids, inputsEmbeds: inputsEmbeds,
                embeddings: Embeddings.Cache(norm: noNorm, dropout: .none, positionIDs: []), projectionInput: nil,
                layers: [],
                head: ClassificationHead.Cache(
                    input: empty, activated: empty, pooled: empty, inputDropout: .none, pooledDropout: .none),
                modernBERT: modernCache)
        }
        return ForwardResult(logits: logits, attentions: attentions, attentionSummaries: summaries, cache: cache)
    }
}

extension ModelConfiguration {
    /// The sequence length whose attention maps the load-time memory check counts (`checkSizes`): the model's
    /// maximum, except for ModernBERT, whose 8192 positions would need L·H·8192²·4 bytes of maps (71 GB for
    /// ModernBERT-base) although most documents are far shorter; there the check counts 512 tokens, and
    /// ``longestSequenceFitting(memory:)`` bounds the windows the explainer plans by default.
    var memoryCheckLength: Int {
        architecture == .modernbert ? min(maxSequenceLength, 512) : maxSequenceLength
    }

    /// The longest sequence whose attention maps (`L·H·T²` floats, kept for attribution) take at most half of
    /// `memory`, capped at `maxSequenceLength`: the default window of a long-context model.
    public func longestSequenceFitting(memory: UInt64 = ProcessInfo.processInfo.physicalMemory) -> Int {
        let perPosition = Double(layerCount) * Double(headCount) * Double(MemoryLayout<Float>.size)
        let fitting = (Double(memory) / 2 / max(1, perPosition)).squareRoot()
        return max(Self.minimumSequenceLength, min(maxSequenceLength, Int(fitting)))
    }
}
