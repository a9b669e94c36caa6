import Tensors

/// A fully connected layer, `y = x · Wᵀ + b`, as `torch.nn.Linear` stores it.
///
/// Shapes: N = rows (batch × tokens), In = input width, Out = output width.
public struct Linear: Sendable {
    /// `[Out, In]`, PyTorch layout.
    public var weight: Tensor
    /// `[Out]`.
    public var bias: Tensor

    /// Output width.
    public var outputSize: Int { weight.shape[0] }
    /// Input width.
    public var inputSize: Int { weight.shape[1] }

    public init(weight: Tensor, bias: Tensor) {
        precondition(weight.rank == 2 && bias.shape == [weight.shape[0]], "linear shapes \(weight.shape) \(bias.shape)")
        self.weight = weight
        self.bias = bias
    }

    /// Loads `name.weight` and `name.bias` from a verified checkpoint.
    init(_ checkpoint: Checkpoint, _ name: String) {
        self.init(weight: checkpoint("\(name).weight"), bias: checkpoint("\(name).bias"))
    }

    /// `y[N, Out] = x[N, In] · Wᵀ + b`.
    public func forward(_ x: Tensor) -> Tensor {
        let rows = x.count / inputSize
        precondition(x.count == rows * inputSize, "linear input \(x.shape) is not [N, \(inputSize)]")
        var y = [Float](overwrittenCount: rows * outputSize)  // [N, Out]: the bias, then the product added
        let out = outputSize
        bias.scalars.withUnsafeBufferPointer { b in
            y.withUnsafeMutableBufferPointer { y in
                for r in 0..<rows {
                    let row = y.baseAddress! + r * out
                    for o in 0..<out { row[o] = b[o] }
                }
            }
        }
        BLAS.gemm(.none, .transpose, m: rows, n: out, k: inputSize, a: x.scalars, b: weight.scalars, beta: 1, c: &y)
        return Tensor(shape: [rows, out], scalars: y)
    }

    /// Gradient with respect to the input only: `dx[N, In] = dy[N, Out] · W` (inverts `y = x · Wᵀ + b`).
    public func backwardInput(_ dOutput: Tensor) -> Tensor {
        let rows = dOutput.count / outputSize
        var dx = [Float](overwrittenCount: rows * inputSize)  // [N, In], written by the product (beta = 0)
        BLAS.gemm(.none, .none, m: rows, n: inputSize, k: outputSize, a: dOutput.scalars, b: weight.scalars, c: &dx)
        return Tensor(shape: [rows, inputSize], scalars: dx)
    }

    /// Adds the input gradient `dy[N, Out] · W` to `total[N, In]` in the product itself (`beta = 1`), for inputs
    /// that feed several layers (the query, key and value projections; the residual branches).
    public func backwardInput(_ dOutput: Tensor, addingTo total: inout Tensor) {
        let rows = dOutput.count / outputSize
        precondition(total.count == rows * inputSize, "gradient sum \(total.shape) is not [\(rows), \(inputSize)]")
        BLAS.gemm(
            .none, .none, m: rows, n: inputSize, k: outputSize, a: dOutput.scalars, b: weight.scalars, beta: 1,
            c: &total.scalars)
    }

    /// The parameter gradients (with `backwardInput`, the inverse of `y = x · Wᵀ + b`): `dW[Out, In] = dyᵀ · x`
    /// (one product over all N rows) and `db[Out] = Σ_rows dy`, recorded in `sink` as `name.weight` and `name.bias`.
    ///
    /// - Parameters:
    ///   - dOutput: ∂L/∂y, `[N, Out]`.
    ///   - input: the forward pass's `x`, `[N, In]`.
    func recordGradients(_ dOutput: Tensor, input: Tensor, into sink: GradientSink, name: String) {
        let (dWeight, dBias) = parameterGradients(dOutput, input: input)
        sink.record(name, dWeight: dWeight, dBias: dBias)
    }

    /// `dW[Out, In] = dyᵀ · x` and `db[Out] = Σ_rows dy` (see `recordGradients`).
    func parameterGradients(_ dOutput: Tensor, input: Tensor) -> (dWeight: Tensor, dBias: Tensor) {
        let rows = dOutput.count / outputSize
        precondition(input.count == rows * inputSize, "linear backward input \(input.shape) vs \(dOutput.shape)")
        var dWeight = [Float](overwrittenCount: outputSize * inputSize)  // [Out, In], written by the product
        BLAS.gemm(
            .transpose, .none, m: outputSize, n: inputSize, k: rows, a: dOutput.scalars, b: input.scalars,
            c: &dWeight)
        var dBias = [Float](repeating: 0, count: outputSize)  // [Out]
        let out = outputSize
        dOutput.scalars.withUnsafeBufferPointer { dy in
            dBias.withUnsafeMutableBufferPointer { db in
                for r in 0..<rows { RowMath.add(dy.baseAddress! + r * out, to: db.baseAddress!, count: out) }
            }
        }
        return (Tensor(shape: weight.shape, scalars: dWeight), Tensor(shape: [out], scalars: dBias))
    }
}
