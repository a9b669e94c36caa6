import Tensors

/// ∂L/∂θ for every parameter of a ``SequenceClassifier``, by canonical name (see ``WeightNames``), each the
/// shape of its parameter.
public struct ParameterGradients: Sendable {
    /// Gradients by canonical name, e.g. `"encoder.layer.0.attention.self.query.weight"`.
    public var tensors: [String: Tensor] = [:]

    public init() {}

    /// The gradient of one parameter, if it was computed.
    public subscript(_ name: String) -> Tensor? {
        get { tensors[name] }
        set { tensors[name] = newValue }
    }

    /// Records `name.weight` and `name.bias`.
    mutating func set(_ name: String, _ dWeight: Tensor, _ dBias: Tensor) {
        tensors["\(name).weight"] = dWeight
        tensors["\(name).bias"] = dBias
    }

    /// The global L2 norm over every gradient, as `torch.nn.utils.clip_grad_norm_` computes it.
    public var globalNorm: Float {
        var sum: Double = 0
        for tensor in tensors.values {
            var partial: Float = 0
            tensor.scalars.withUnsafeBufferPointer { g in
                for x in g { partial += x * x }
            }
            sum += Double(partial)
        }
        return Float(sum.squareRoot())
    }

    /// Scales every gradient so the global norm is at most `maximum` (`clip_grad_norm_`: factor
    /// `maximum / (norm + 1e-6)` when below 1). Returns the norm before clipping.
    @discardableResult
    public mutating func clip(maximumNorm maximum: Float) -> Float {
        let norm = globalNorm
        let factor = maximum / (norm + 1e-6)
        guard factor < 1 else { return norm }
        for name in Array(tensors.keys) {
            tensors[name]?.scalars.withUnsafeMutableBufferPointer { g in
                for i in 0..<g.count { g[i] *= factor }
            }
        }
        return norm
    }
}
