import Foundation

/// Adam (Kingma & Ba 2015) as `torch.optim.Adam` without weight decay: β = 0.9, 0.999, ε = 1e-8, bias
/// corrected. ExpNet uses a constant learning rate; AT2's trainer anneals it by a cosine over `steps`
/// (`CosineAnnealingLR(T_max=steps)`, stepped after each update) and clips the gradient to a total L2
/// norm (`clip_grad_norm_`).
public struct AdamOptimizer: Sendable {
    /// The base learning rate.
    public let learningRate: Double
    /// The steps of the cosine schedule; nil keeps the learning rate constant.
    public let steps: Int?
    /// The largest gradient norm; larger gradients are scaled down (≤ 0: no clipping).
    public let maxGradientNorm: Double
    /// Decay rates of the first and second moment estimates.
    public let beta1 = 0.9, beta2 = 0.999
    /// Added to the denominator.
    public let epsilon = 1e-8
    var m: [Double], v: [Double]
    var step = 0

    /// An optimizer of `count` parameters with a constant learning rate and no clipping (ExpNet).
    public init(count: Int, learningRate: Double) {
        self.learningRate = learningRate
        self.steps = nil
        self.maxGradientNorm = 0
        m = [Double](repeating: 0, count: count)
        v = m
    }

    /// An optimizer of `count` parameters with a cosine-annealed learning rate and gradient clipping (AT2).
    public init(count: Int, learningRate: Double, steps: Int, maxGradientNorm: Double) {
        self.learningRate = learningRate
        self.steps = max(1, steps)
        self.maxGradientNorm = maxGradientNorm
        m = [Double](repeating: 0, count: count)
        v = m
    }

    /// The learning rate of update `step` (0-based).
    public func scheduledRate(at step: Int) -> Double {
        guard let steps else { return learningRate }
        return learningRate * (1 + cos(Double.pi * Double(step) / Double(steps))) / 2
    }

    /// Applies one update to `parameters` from `gradient`.
    public mutating func update(_ parameters: inout [Double], gradient: [Double]) {
        var g = gradient
        if maxGradientNorm > 0 {
            let coefficient = maxGradientNorm / (g.reduce(0) { $0 + $1 * $1 }.squareRoot() + 1e-6)
            if coefficient < 1 { g = g.map { $0 * coefficient } }
        }
        let rate = scheduledRate(at: step)
        step += 1
        let correction1 = 1 - pow(beta1, Double(step)), correction2 = 1 - pow(beta2, Double(step))
        for j in parameters.indices {
            m[j] = beta1 * m[j] + (1 - beta1) * g[j]
            v[j] = beta2 * v[j] + (1 - beta2) * g[j] * g[j]
            parameters[j] -= rate * (m[j] / correction1) / ((v[j] / correction2).squareRoot() + epsilon)
        }
    }
}
