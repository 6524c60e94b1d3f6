import Foundation

/// AT2's training objective: the negative Pearson correlation, per example, between the surrogate's
/// predictions θ · x_k over the example's ablations k and the actual outputs y_k, averaged over
/// examples (`at2.attribution.trainer.PearsonCorrelationLoss`: population moments, ε = 1e-8 added to
/// the product of the standard deviations).
///
/// K ablations per example, F features.
public enum AT2Objective {
    /// The reference's ε in the denominator.
    public static let epsilon = 1e-8

    /// One example's training data: K rows of F mask features, and K outputs.
    public struct Example: Sendable, Equatable {
        /// (K, F) mask features, row-major.
        public var features: [Double]
        /// (K) actual outputs (the response's logit-probability under each ablation).
        public var outputs: [Double]

        /// An example.
        public init(features: [Double], outputs: [Double]) {
            precondition(!outputs.isEmpty && features.count % outputs.count == 0,
                         "AT2Objective.Example: \(features.count) features for \(outputs.count) outputs")
            self.features = features
            self.outputs = outputs
        }

        /// F.
        public var featureCount: Int { features.count / outputs.count }
    }

    /// −ρ(θ · x, y) of one example and its gradient with respect to θ.
    public static func lossAndGradient(theta: [Double], example: Example) -> (loss: Double, gradient: [Double]) {
        let k = example.outputs.count, f = theta.count
        precondition(example.featureCount == f, "AT2Objective: \(example.featureCount) features for \(f) weights")
        var predictions = [Double](repeating: 0, count: k)
        for row in 0..<k {
            var sum = 0.0
            for j in 0..<f { sum += example.features[row * f + j] * theta[j] }
            predictions[row] = sum
        }
        let n = Double(k)
        let meanP = predictions.reduce(0, +) / n, meanY = example.outputs.reduce(0, +) / n
        let pd = predictions.map { $0 - meanP }, td = example.outputs.map { $0 - meanY }
        var covariance = 0.0, varianceP = 0.0, varianceY = 0.0
        for row in 0..<k {
            covariance += pd[row] * td[row]
            varianceP += pd[row] * pd[row]
            varianceY += td[row] * td[row]
        }
        covariance /= n
        let sdP = (varianceP / n).squareRoot(), sdY = (varianceY / n).squareRoot()
        let denominator = sdP * sdY + epsilon
        let correlation = covariance / denominator
        // dρ/dp_k = td_k / (K·D) − cov · sdY · pd_k / (K · sdP · D²); the mean terms vanish (Σ pd = Σ td = 0).
        var gradient = [Double](repeating: 0, count: f)
        for row in 0..<k {
            var dRho = td[row] / (n * denominator)
            if sdP > 0 { dRho -= covariance * sdY * pd[row] / (n * sdP * denominator * denominator) }
            let dLoss = -dRho
            for j in 0..<f { gradient[j] += dLoss * example.features[row * f + j] }
        }
        return (-correlation, gradient)
    }

    /// The mean loss and gradient over `examples`.
    public static func meanLossAndGradient(theta: [Double], examples: [Example]) -> (loss: Double, gradient: [Double]) {
        precondition(!examples.isEmpty, "AT2Objective: no examples")
        var loss = 0.0
        var gradient = [Double](repeating: 0, count: theta.count)
        for example in examples {
            let (value, g) = lossAndGradient(theta: theta, example: example)
            loss += value
            for j in gradient.indices { gradient[j] += g[j] }
        }
        let n = Double(examples.count)
        return (loss / n, gradient.map { $0 / n })
    }
}
