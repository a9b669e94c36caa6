import Foundation
import XCTest

@testable import Models
@testable import Tensors

/// Models built by hand whose outputs can be worked out on paper.
final class KnownAnswerTests: XCTestCase {
    /// With zero query and key weights every score is equal, so attention is uniform over the real tokens and
    /// zero on padding; with LayerNorm γ = 0 the hidden state is β and the logits are `W · tanh(b_pool) + b`.
    func testZeroWeightsGiveUniformAttentionAndClosedFormLogits() throws {
        for architecture in TinyModels.bertShaped {  // an encoder head's closed form
            let config = TinyModels.config(architecture)
            let c = config.hiddenSize
            var overrides: [String: Tensor] = [:]
            let beta = Tensor(shape: [c], scalars: (0..<c).map { Float($0) / 10 - 0.3 })
            let layerNames = WeightNames.layerNames(config.layerCount - 1, architecture)
            overrides["\(layerNames.outputNorm).bias"] = beta
            let head = WeightNames.headNames(architecture)
            let denseBias = Tensor(shape: [c], scalars: (0..<c).map { Float($0 % 3) - 1 })
            overrides["\(head.dense).bias"] = denseBias
            var classifier = Tensor(zeros: [3, c])
            for j in 0..<c {
                classifier[0, j] = 1
                classifier[2, j] = Float(j)
            }
            overrides["\(head.output).weight"] = classifier
            overrides["\(head.output).bias"] = Tensor(shape: [3], scalars: [0.5, -1, 2])
            let model = TinyModels.zeros(config, overrides: overrides)

            let result = try model.forward(TokenBatch([[3, 4, 5, 6], [7, 8]]))
            let activated = denseBias.scalars.map { x in
                switch architecture {
                case .distilbert: max(0, x)
                case .electra: x * 0.5 * (1 + erf(x / Float(2).squareRoot()))  // ElectraClassificationHead: exact GELU
                default: tanh(x)
                }
            }
            let expected: [Float] = [
                activated.reduce(0, +) + 0.5, -1, zip(activated, 0..<c).map { $0 * Float($1) }.reduce(0, +) + 2,
            ]
            for s in 0..<2 {
                for k in 0..<3 {
                    XCTAssertEqual(result.logits[s, k], expected[k], accuracy: 1e-5, "\(architecture) logit \(s),\(k)")
                }
            }
            for attention in result.attentions {
                for row in 0..<4 {
                    for column in 0..<4 {
                        XCTAssertEqual(attention[0, 1, row, column], 0.25, accuracy: 1e-6)
                        XCTAssertEqual(attention[1, 0, row, column], column < 2 ? 0.5 : 0, accuracy: 1e-6)
                    }
                }
            }
        }
    }

    /// Padding a sequence inside a batch must not change its logits (mask and RoBERTa positions).
    func testPaddedBatchEqualsSequencesRunAlone() throws {
        for architecture in TinyModels.bertShaped {
            let model = TinyModels.random(TinyModels.config(architecture), seed: 5)
            let sequences = [[2, 9, 4, 13, 8, 3], [2, 17, 3], [2, 5, 6, 7, 3]]
            let batched = try model.forward(TokenBatch(sequences), recording: .logits).logits
            for (s, sequence) in sequences.enumerated() {
                let alone = try model.forward(TokenBatch([sequence])).logits
                for k in 0..<3 {
                    XCTAssertEqual(
                        batched[s, k], alone[0, k], accuracy: 1e-5, "\(architecture) sequence \(s) label \(k)")
                }
            }
        }
    }

    func testRobertaPositionsStartAfterThePaddingIndex() throws {
        let model = TinyModels.random(TinyModels.config(.roberta), seed: 1)
        let batch = try TokenBatch([[0, 5, 6, 2], [0, 7]])
        let ids = batch.paddedIDs(padID: 1)
        XCTAssertEqual(ids, [0, 5, 6, 2, 0, 7, 1, 1])
        XCTAssertEqual(model.embeddings.positionIDs(ids, batch: batch), [2, 3, 4, 5, 2, 3, 1, 1])
    }

    func testRejectsOutOfVocabularyAndOverlongInputs() {
        let model = TinyModels.random(TinyModels.config(.bert), seed: 1)
        XCTAssertThrowsError(try model.forward(TokenBatch([[1, 30]]))) { error in
            XCTAssertEqual(error as? ModelError, .tokenOutOfVocabulary(id: 30, vocabularySize: 30))
        }
        XCTAssertThrowsError(try model.forward(TokenBatch([[Int](repeating: 1, count: 21)]))) { error in
            XCTAssertEqual(error as? ModelError, .sequenceTooLong(length: 21, maximum: 20))
        }
        XCTAssertThrowsError(try TokenBatch([[]])) { error in XCTAssertEqual(error as? ModelError, .emptySequence) }
    }
}
