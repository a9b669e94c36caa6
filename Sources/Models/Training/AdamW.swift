import Foundation
import Tensors

/// AdamW with decoupled weight decay, exactly as `torch.optim.AdamW` (the optimiser `transformers`' Trainer
/// uses), with the Trainer's parameter groups: no decay on biases and LayerNorm weights.
///
/// Per parameter θ with gradient g at step t (1-based), learning rate η, decay λ:
/// ```
/// θ ← θ · (1 − η·λ)
/// m ← β₁·m + (1 − β₁)·g;   v ← β₂·v + (1 − β₂)·g²
/// θ ← θ − η / (1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
/// ```
/// See https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html.
public struct AdamW: Sendable {
    /// β₁, default 0.9.
    public var beta1: Float = 0.9
    /// β₂, default 0.999.
    public var beta2: Float = 0.999
    /// ε, default 1e-8 (the Trainer's `adam_epsilon`).
    public var epsilon: Float = 1e-8
    /// λ, e.g. 0.01.
    public var weightDecay: Float
    /// Multiplies the learning rate of the classification head (1 = same rate as the encoder).
    public var headLearningRateFactor: Float
    /// Steps taken so far.
    public private(set) var step = 0
    private var firstMoments: [String: [Float]] = [:]
    private var secondMoments: [String: [Float]] = [:]

    public init(weightDecay: Float = 0.01, headLearningRateFactor: Float = 1) {
        self.weightDecay = weightDecay
        self.headLearningRateFactor = headLearningRateFactor
    }

    /// Whether a canonical parameter name is decayed: not biases, not LayerNorm weights (Trainer's
    /// `get_decay_parameter_names`).
    public static func decays(_ name: String) -> Bool {
        !(name.hasSuffix(".bias") || name.contains("LayerNorm") || name.contains("layer_norm"))
    }

    /// Applies one step to every parameter of `model` that has a gradient.
    /// - Parameters:
    ///   - learningRate: η for this step (from a ``LinearSchedule``).
    public mutating func update(_ model: inout SequenceClassifier, gradients: ParameterGradients, learningRate: Float) {
        step += 1
        let t = Float(step)
        let correction1 = 1 - pow(beta1, t)
        let correction2Root = (1 - pow(beta2, t)).squareRoot()
        let (beta1, beta2, epsilon) = (self.beta1, self.beta2, self.epsilon)
        var first = firstMoments
        var second = secondMoments
        firstMoments = [:]
        secondMoments = [:]
        model.updateParameters { name, parameter in
            guard let gradient = gradients[name] else { return }
            precondition(gradient.shape == parameter.shape, "gradient of \(name) has shape \(gradient.shape)")
            let rate = WeightNames.isHead(name) ? learningRate * headLearningRateFactor : learningRate
            let decay: Float = Self.decays(name) ? 1 - rate * weightDecay : 1
            let stepSize = rate / correction1
            var m = first.removeValue(forKey: name) ?? [Float](repeating: 0, count: parameter.count)
            var v = second.removeValue(forKey: name) ?? [Float](repeating: 0, count: parameter.count)
            parameter.scalars.withUnsafeMutableBufferPointer { p in
                gradient.scalars.withUnsafeBufferPointer { g in
                    m.withUnsafeMutableBufferPointer { m in
                        v.withUnsafeMutableBufferPointer { v in
                            for i in 0..<p.count {
                                let gi = g[i]
                                m[i] = beta1 * m[i] + (1 - beta1) * gi
                                v[i] = beta2 * v[i] + (1 - beta2) * gi * gi
                                p[i] = p[i] * decay - stepSize * m[i] / (v[i].squareRoot() / correction2Root + epsilon)
                            }
                        }
                    }
                }
            }
            first[name] = m
            second[name] = v
        }
        firstMoments = first
        secondMoments = second
    }
}

/// Linear warm-up from 0 to the peak rate, then linear decay to 0, as `get_linear_schedule_with_warmup`.
///
/// The rate for optimiser step `s` (0-based) is `peak · s / warmup` while `s < warmup`, then
/// `peak · max(0, (total − s) / (total − warmup))`.
public struct LinearSchedule: Sendable, Equatable {
    /// The rate reached after warm-up, e.g. 5e-5.
    public var peak: Float
    /// Warm-up steps, e.g. 10 % of the total.
    public var warmupSteps: Int
    /// All optimiser steps of the run.
    public var totalSteps: Int

    public init(peak: Float, warmupSteps: Int, totalSteps: Int) {
        (self.peak, self.warmupSteps, self.totalSteps) = (peak, warmupSteps, totalSteps)
    }

    /// The learning rate of 0-based step `step`.
    public func rate(at step: Int) -> Float {
        if step < warmupSteps { return peak * Float(step) / Float(max(1, warmupSteps)) }
        return peak * max(0, Float(totalSteps - step) / Float(max(1, totalSteps - warmupSteps)))
    }
}
