import Foundation
import TensorCore

/// ExpNet's network (arXiv 2601.14112): a two-layer perceptron from a token's attention features to
/// the logit of "this token is part of the rationale", read through a sigmoid:
///
///     z = w₂ · dropout(relu(W₁ x + b₁)) + b₂,   p = σ(z)
///
/// Parameters live in one flat Double vector, `[W₁ (H,F) row-major, b₁ (H), w₂ (H), b₂ (1)]`, so the
/// optimiser and the saved state see one array. Forward and backward are side by side; the loops run
/// in a fixed order, so the same inputs give the same bits.
///
/// N rows (tokens), F features, H hidden units.
public struct ExpNetModel: Sendable, Equatable {
    /// Features per token (F).
    public let inputSize: Int
    /// Hidden units (H).
    public let hiddenSize: Int
    /// The flat parameters `[W₁, b₁, w₂, b₂]`.
    public var parameters: [Double]

    /// Number of parameters for `inputSize` features and `hiddenSize` hidden units.
    public static func parameterCount(inputSize: Int, hiddenSize: Int) -> Int {
        hiddenSize * inputSize + 2 * hiddenSize + 1
    }

    /// A model with the given parameters (their count must match the sizes).
    public init(inputSize: Int, hiddenSize: Int, parameters: [Double]) {
        precondition(parameters.count == Self.parameterCount(inputSize: inputSize, hiddenSize: hiddenSize),
                     "ExpNetModel: \(parameters.count) parameters for F=\(inputSize), H=\(hiddenSize)")
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.parameters = parameters
    }

    /// A model initialised as PyTorch's `nn.Linear` is: every weight and bias uniform in
    /// ±1/√fan_in (Kaiming-uniform with a = √5), drawn from `random` in parameter order.
    public init(inputSize: Int, hiddenSize: Int, random: inout SeededRandom) {
        var values: [Double] = []
        values.reserveCapacity(Self.parameterCount(inputSize: inputSize, hiddenSize: hiddenSize))
        let bound1 = 1 / Double(inputSize).squareRoot(), bound2 = 1 / Double(hiddenSize).squareRoot()
        for _ in 0..<(hiddenSize * inputSize + hiddenSize) { values.append((2 * random.nextDouble() - 1) * bound1) }
        for _ in 0..<(hiddenSize + 1) { values.append((2 * random.nextDouble() - 1) * bound2) }
        self.init(inputSize: inputSize, hiddenSize: hiddenSize, parameters: values)
    }

    // MARK: - Forward

    /// What a training forward pass keeps for the backward pass.
    public struct Activations: Sendable {
        /// The inputs (N,F).
        public var inputs: [Double]
        /// Pre-activations W₁x + b₁ (N,H).
        public var preActivations: [Double]
        /// Dropout multipliers, 0 or 1/(1−rate) (N,H); all 1 at inference.
        public var dropoutScale: [Double]
        /// Logits (N).
        public var logits: [Double]
    }

    /// Logits for `inputs` (N,F) with dropout multipliers `dropoutScale` (N,H), nil for none (inference).
    public func forward(_ inputs: [Double], dropoutScale: [Double]? = nil) -> Activations {
        let f = inputSize, h = hiddenSize, n = inputs.count / f
        precondition(inputs.count == n * f, "ExpNetModel.forward: \(inputs.count) inputs is not a multiple of F=\(f)")
        let b1 = h * f, w2 = b1 + h, b2 = w2 + h
        var pre = [Double](repeating: 0, count: n * h)
        var logits = [Double](repeating: 0, count: n)
        parameters.withUnsafeBufferPointer { p in
            for row in 0..<n {
                var z = p[b2]
                for unit in 0..<h {
                    var a = p[b1 + unit]
                    for k in 0..<f { a += p[unit * f + k] * inputs[row * f + k] }
                    pre[row * h + unit] = a
                    let hidden = max(a, 0) * (dropoutScale?[row * h + unit] ?? 1)
                    z += p[w2 + unit] * hidden
                }
                logits[row] = z
            }
        }
        return Activations(inputs: inputs, preActivations: pre,
                           dropoutScale: dropoutScale ?? [Double](repeating: 1, count: n * h), logits: logits)
    }

    /// Probabilities σ(z) for `inputs` (N,F), without dropout.
    public func probabilities(_ inputs: [Double]) -> [Double] {
        forward(inputs).logits.map(FocalLoss.sigmoid)
    }

    // MARK: - Backward

    /// ∂ loss / ∂ parameters from ∂ loss / ∂ logits (N), for the pass that produced `activations`.
    public func backward(_ activations: Activations, dLogits: [Double]) -> [Double] {
        let f = inputSize, h = hiddenSize, n = dLogits.count
        let b1 = h * f, w2 = b1 + h, b2 = w2 + h
        var grad = [Double](repeating: 0, count: parameters.count)
        for row in 0..<n {
            let dz = dLogits[row]
            grad[b2] += dz
            for unit in 0..<h {
                let a = activations.preActivations[row * h + unit], scale = activations.dropoutScale[row * h + unit]
                grad[w2 + unit] += dz * max(a, 0) * scale
                guard a > 0 else { continue }
                let dPre = dz * parameters[w2 + unit] * scale
                grad[b1 + unit] += dPre
                for k in 0..<f { grad[unit * f + k] += dPre * activations.inputs[row * f + k] }
            }
        }
        return grad
    }
}
