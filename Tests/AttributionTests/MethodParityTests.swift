import Foundation
import Models
import Tensors
import XCTest

@testable import Attribution

/// Gradients and attribution scores against the PyTorch fixtures of `Scripts/reference/attribution_fixtures.py`.
///
/// Tolerances: ∂logit/∂A max relative error ≤ 1e-3 (max |Δ| over max |reference| per layer); method scores
/// max |Δ| ≤ 1e-4 after dividing each vector by its max |value|.
final class MethodParityTests: XCTestCase {
    private func normalised(_ v: [Float]) -> [Float] {
        let scale = v.map(abs).max() ?? 0
        return scale > 0 ? v.map { $0 / scale } : v
    }

    /// The fixtures with the backward pass's default blocks of query rows (one block for these short texts) and,
    /// where heads run in blocks, with blocks of 7 rows (up to six per head, the last one shorter).
    ///
    /// `gradientTimesInputTolerance` is 1e-4 except for ModernBERT, whose word embeddings go straight into a
    /// LayerNorm: scale-invariant, so Σ_c ∂logit/∂e_c · e_c is zero but for ε (about 1e-4 of the gradient's size in
    /// these fixtures) and float32 cancellation leaves ~1e-3 of that; its gradient itself is checked to 1e-3 below.
    func check(
        model name: String, directory: URL, vanishing: Set<String> = [], gradientTimesInputTolerance: Float = 1e-4
    ) throws {
        var model = try SequenceClassifier.load(directory: directory)
        try check(
            model: name, model, vanishing: vanishing, gradientTimesInputTolerance: gradientTimesInputTolerance)
        guard model.layers.first?.attention.runsBackwardInBlocks == true else { return }
        for l in model.layers.indices { model.layers[l].attention.backwardBlockRows = 7 }
        try check(
            model: "\(name) (7-row blocks)", model, vanishing: vanishing,
            gradientTimesInputTolerance: gradientTimesInputTolerance)
    }

    /// - Parameter vanishing: methods that are zero up to rounding for this model: both sides must stay below 1e-5
    ///   instead of agreeing after normalising (which would compare noise).
    private func check(
        model name: String, _ model: SequenceClassifier, vanishing: Set<String> = [],
        gradientTimesInputTolerance: Float = 1e-4
    ) throws {
        let fixtureName = String(name.prefix { $0 != " " })
        let fixture = try AttributionFixtures.cases(fixtureName)
        let file = try SafetensorsFile(
            path: AttributionFixtures.attribution(fixtureName).appendingPathComponent("attribution.safetensors").path)
        var worstGradient: Float = 0
        var worstMethod: [String: Float] = [:]
        for (c, testCase) in fixture.cases.enumerated() {
            let result = try model.forward(TokenBatch([testCase.ids]), recording: .backward)
            let gradients = model.backward(result, target: testCase.target)
            let attentions = result.attentions.map { $0.slice(0) }
            let row = result.pooledToken(of: 0)  // 0 for the encoders, the last token for GPT-2
            for layer in 0..<model.config.layerCount {
                let reference = try file.tensor("case\(c).layer\(layer).grad_attention")
                let scale = reference.scalars.map(abs).max() ?? 1
                let relative = gradients.attention[layer].maxAbsoluteDifference(to: reference) / scale
                worstGradient = max(worstGradient, relative)
                XCTAssertLessThanOrEqual(relative, 1e-3, "\(name) case \(c) layer \(layer) ∂logit/∂A relative error")
            }
            let embedsReference = try file.tensor("case\(c).grad_inputs_embeds")
            let embedsRelative =
                gradients.inputsEmbeds.maxAbsoluteDifference(to: embedsReference)
                / (embedsReference.scalars.map(abs).max() ?? 1)
            worstMethod["grad_inputs_embeds (relative)"] = max(
                worstMethod["grad_inputs_embeds (relative)"] ?? 0, embedsRelative)
            XCTAssertLessThanOrEqual(embedsRelative, 1e-3, "\(name) case \(c) ∂logit/∂inputs_embeds relative error")
            var ours: [String: [Float]] = [
                "raw_attention": AttributionMethods.rawAttention(attentions, row: row),
                "rollout": AttributionMethods.rollout(attentions, row: row),
                "gradient_weighted": AttributionMethods.gradientWeighted(
                    attentions, gradients: gradients.attention, row: row),
                "gradient_times_input": AttributionMethods.gradientTimesInput(
                    gradient: gradients.inputsEmbeds, inputs: gradients.inputs),
                "head_importance": (0..<model.config.layerCount).flatMap {
                    AttributionMethods.headImportance(attentions[$0], gradient: gradients.attention[$0])
                },
            ]
            // The same methods as the explainer forms them, during a backward pass that keeps no gradients.
            let t = testCase.ids.count
            let fused = BackwardAttribution(
                summaries: result.attentionSummaries.map { $0.slice(0) },
                kinds: HeadAnalysis.TokenKinds(
                    isStart: (0..<t).map { $0 == 0 }, isEnd: (0..<t).map { $0 == t - 1 },
                    isPunctuation: Array(repeating: false, count: t)), start: row)
            let lean = model.backward(result, target: testCase.target, observer: fused, keepAttentionGradients: false)
            XCTAssert(lean.attention.isEmpty, "\(name): no gradients kept when asked not to")
            ours["rollout (during backward)"] = fused.rollout
            ours["gradient_weighted (during backward)"] = fused.gradientWeighted
            ours["head_importance (during backward)"] = fused.heads.map(\.importance)
            ours["gradient_times_input (lean backward)"] = AttributionMethods.gradientTimesInput(
                gradient: lean.inputsEmbeds, inputs: lean.inputs)
            for (method, values) in ours {
                let key = method.split(separator: " ").first.map(String.init) ?? method
                let reference = try file.tensor("case\(c).\(key)").scalars
                XCTAssertEqual(values.count, reference.count, "\(name) \(method) length")
                if vanishing.contains(key) {
                    let largest = (values + reference).map(abs).max() ?? 0
                    worstMethod["\(method) (vanishing, max |value|)"] = max(
                        worstMethod["\(method) (vanishing, max |value|)"] ?? 0, largest)
                    XCTAssertLessThanOrEqual(largest, 1e-5, "\(name) case \(c) \(method) should vanish")
                    continue
                }
                let difference = zip(normalised(values), normalised(reference)).map { abs($0 - $1) }.max() ?? 0
                worstMethod[method] = max(worstMethod[method] ?? 0, difference)
                let tolerance = key == "gradient_times_input" ? gradientTimesInputTolerance : 1e-4
                XCTAssertLessThanOrEqual(
                    difference, tolerance, "\(name) case \(c) \(method) max |Δ| after normalising")
            }
            // Gradient-weighted relevance is the identity (1 at the pooled token) plus small terms: check those
            // terms alone.
            var ourTerms = ours["gradient_weighted"] ?? []
            var referenceTerms = try file.tensor("case\(c).gradient_weighted").scalars
            ourTerms[row] -= 1
            referenceTerms[row] -= 1
            let termDifference = zip(normalised(ourTerms), normalised(referenceTerms)).map { abs($0 - $1) }.max() ?? 0
            worstMethod["gradient_weighted − I"] = max(worstMethod["gradient_weighted − I"] ?? 0, termDifference)
            XCTAssertLessThanOrEqual(termDifference, 1e-3, "\(name) case \(c) gradient-weighted terms beyond I")
        }
        let methods = worstMethod.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        print("attribution parity \(name): ∂A max rel \(worstGradient); \(methods)")
    }

    func testTinyBERT() throws { try check(model: "tiny-bert", directory: AttributionFixtures.model("tiny-bert")) }

    func testTinyDistilBERT() throws {
        try check(model: "tiny-distilbert", directory: AttributionFixtures.model("tiny-distilbert"))
    }

    func testTinyRoBERTa() throws {
        try check(model: "tiny-roberta", directory: AttributionFixtures.model("tiny-roberta"))
    }

    /// DeBERTa-v3-shaped: gradients through disentangled attention (c2p + p2c, log buckets, shared keys). Its
    /// embeddings are LayerNorm(word vectors) alone (no positions, no token types), which is invariant to scaling
    /// the word vectors, so Σ_c ∂logit/∂x ⊙ x = 0: gradient × input vanishes, in PyTorch as here (~1e-7 noise).
    func testTinyDeBERTaV3() throws {
        try check(
            model: "tiny-deberta-v3", directory: AttributionFixtures.model("tiny-deberta-v3"),
            vanishing: ["gradient_times_input"])
    }

    /// DeBERTa-v2 with pos_key_proj / pos_query_proj, clamped distances, absolute positions, token types,
    /// embed_proj and the convolution after the first layer.
    func testTinyDeBERTaV2SeparateProjectionsAndConvolution() throws {
        try check(model: "tiny-deberta-v2-separate", directory: AttributionFixtures.model("tiny-deberta-v2-separate"))
    }

    func testTinyModernBERT() throws {
        try check(
            model: "tiny-modernbert", directory: AttributionFixtures.model("tiny-modernbert"),
            gradientTimesInputTolerance: 1e-2)
    }

    func testTinyModernBERTMeanPooling() throws {
        try check(
            model: "tiny-modernbert-mean", directory: AttributionFixtures.model("tiny-modernbert-mean"),
            gradientTimesInputTolerance: 1e-2)
    }

    func testMiniLM() throws {
        let directory = try AttributionFixtures.assembledMiniLM()
        defer { try? FileManager.default.removeItem(at: directory) }
        try check(model: "minilm-head", directory: directory)
    }
}
