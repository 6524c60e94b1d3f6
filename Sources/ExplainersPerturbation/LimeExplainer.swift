import ExplainerKit
import Foundation
import TensorCore

/// `lime`: a local linear surrogate (Ribeiro, Singh & Guestrin 2016, "\"Why Should I Trust You?\":
/// Explaining the Predictions of Any Classifier", KDD), as the `lime` package's `LimeTextExplainer`
/// fits it (lime 0.2.0.1, `bow=False`, every feature kept by the regression):
///
/// - sample 0 is the input itself; each other sample removes a uniform number 1 … M of features,
///   chosen uniformly without replacement (`__data_labels_distances`);
/// - distance = 100 × the cosine distance between the sample's mask and the all-ones mask (a mask
///   without ones is at cosine distance 1, as scikit-learn computes it);
/// - weight = √exp(−d² / width²), width 25;
/// - a weighted ridge regression with an unpenalised intercept (scikit-learn `Ridge(alpha=1)`);
///   the scores are its coefficients.
///
/// Forward passes: `samples` (the input included), in batches.
public struct LimeExplainer: Explainer {
    /// Options.
    public struct Configuration: ExplainerConfiguration {
        /// How a word is removed (encoder).
        public var removal = WordRemoval.mask
        /// The number attributed (encoder; lime explains `predict_proba`); the decoder uses log p(response).
        public var output = TargetOutput.probability
        /// Perturbed samples, the input included (lime's own default is 5,000).
        public var samples = 1000
        /// The exponential kernel's width (lime's default for text: 25).
        public var kernelWidth = 25.0
        /// The ridge penalty (lime's `Ridge(alpha=1)`).
        public var alpha = 1.0
        /// The seed of the sampling (mixed with each input's fingerprint).
        public var seed: UInt64 = 0
        /// Defaults.
        public init() {}
    }

    /// The options in use.
    public let configuration: Configuration

    /// An explainer with `configuration`.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    public var descriptor: ExplainerDescriptor { Self.descriptor }

    /// The descriptor.
    public static let descriptor = ExplainerDescriptor(
        id: "lime", name: "LIME", family: .perturbation,
        reference: "Ribeiro et al. 2016, \"Why Should I Trust You?\"; lime LimeTextExplainer",
        modelKinds: [.encoderClassifier, .decoderLM], forwardPassBudget: ForwardPassBudget(constant: 1000))

    public func explain(_ subject: ExplanationSubject) throws -> Attribution {
        let game = FeatureGame(subject: subject, removal: configuration.removal, output: configuration.output)
        try game.requireFeatures()
        guard configuration.samples >= 1, configuration.kernelWidth > 0, configuration.alpha >= 0 else {
            throw ExplainerError.invalidConfiguration(
                explainer: descriptor.id,
                reason: "samples (\(configuration.samples)) must be ≥ 1, kernel_width (\(configuration.kernelWidth)) > 0 and alpha (\(configuration.alpha)) ≥ 0")
        }
        var random = SeededRandom(seed: configuration.seed ^ subject.fingerprint)
        let masks = Self.samples(features: game.featureCount, count: configuration.samples, random: &random)
        let fit = Self.fit(masks: masks, values: try game.values(masks), kernelWidth: configuration.kernelWidth,
                           alpha: configuration.alpha)
        return Attribution(featureScores: fit.coefficients.map(Float.init), of: subject, seed: configuration.seed,
                           diagnostics: ["intercept": fit.intercept, "score": fit.score])
    }

    /// lime's samples: the all-ones mask, then `count − 1` masks each removing a uniform number of
    /// features (1 … M) chosen uniformly without replacement.
    public static func samples(features m: Int, count: Int, random: inout SeededRandom) -> [[Bool]] {
        var masks = [[Bool](repeating: true, count: m)]
        for _ in 1..<max(1, count) {
            let removed = 1 + random.nextInt(below: m)
            masks.append(KernelShapSampler.randomCoalition(m, size: removed, &random).map { !$0 })
        }
        return masks
    }

    /// lime's kernel weight of a mask: √exp(−d²/width²), d = 100 × cosine distance to all-ones.
    public static func kernelWeight(_ mask: [Bool], kernelWidth: Double) -> Double {
        let kept = mask.reduce(0) { $0 + ($1 ? 1 : 0) }
        let distance = 100 * (kept == 0 ? 1 : 1 - (Double(kept) / Double(mask.count)).squareRoot())
        return exp(-(distance * distance) / (kernelWidth * kernelWidth)).squareRoot()
    }

    /// The weighted ridge fit of `values` on `masks` (min Σ wᵢ(yᵢ − b − zᵢ·β)² + α‖β‖²): coefficients,
    /// intercept and the weighted R² (lime's `score`).
    public static func fit(masks: [[Bool]], values: [Double], kernelWidth: Double, alpha: Double)
        -> (coefficients: [Double], intercept: Double, score: Double) {
        let m = masks[0].count
        var design = BinaryDesign(features: m)
        let weights = masks.map { kernelWeight($0, kernelWidth: kernelWidth) }
        for (index, mask) in masks.enumerated() { design.add(mask, weight: weights[index], value: values[index]) }
        let total = design.weightSum
        let meanZ = design.weightedFeatures().map { $0 / total }, meanY = design.weightedValueSum / total
        var gram = design.gram(), right = design.weightedValues()
        for a in 0..<m {
            for b in 0..<m { gram[a * m + b] -= total * meanZ[a] * meanZ[b] }
            gram[a * m + a] += alpha
            right[a] -= total * meanZ[a] * meanY
        }
        let beta = SymmetricSolve.solve(gram, n: m, right).x
        let intercept = meanY - zip(meanZ, beta).reduce(0) { $0 + $1.0 * $1.1 }
        var residual = 0.0, spread = 0.0
        for (index, mask) in masks.enumerated() {
            var prediction = intercept
            for (j, kept) in mask.enumerated() where kept { prediction += beta[j] }
            residual += weights[index] * (values[index] - prediction) * (values[index] - prediction)
            spread += weights[index] * (values[index] - meanY) * (values[index] - meanY)
        }
        return (beta, intercept, spread > 0 ? 1 - residual / spread : 1)
    }
}
