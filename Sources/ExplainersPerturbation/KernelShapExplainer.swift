import ExplainerKit
import TensorCore

/// `kernel-shap`: Shapley values estimated by the Shapley-kernel weighted linear regression of
/// Lundberg & Lee 2017, "A Unified Approach to Interpreting Model Predictions" (NeurIPS), as shap's
/// `KernelExplainer` computes them: shap's coalition sampling (full enumeration of the subset sizes the
/// budget covers, paired sampling of the rest, see `KernelShapSampler`), and the weighted least squares
/// with the efficiency constraint base + Σφ = f(x) enforced exactly by eliminating the last feature.
/// No L1 feature selection (shap's `l1_reg=False`): every feature gets its regression coefficient.
///
/// The base is the input with every feature removed (words by the shared `TokenMasker`, sources
/// deleted). Forward passes: min(2·M + 2048, `maximumSamples`, 2^M − 2) coalitions + 2, in batches.
public struct KernelShapExplainer: Explainer {
    /// Options.
    public struct Configuration: ExplainerConfiguration {
        /// How a word is removed (encoder).
        public var removal = WordRemoval.mask
        /// The number attributed (encoder); the decoder always uses log p(response).
        public var output = TargetOutput.probability
        /// Coalitions per feature in the budget (shap's `nsamples="auto"` is 2·M + 2048).
        public var samplesPerFeature = 2
        /// Coalitions on top of `samplesPerFeature`·M.
        public var extraSamples = 2048
        /// The most coalitions one explanation evaluates (a cap for long inputs).
        public var maximumSamples = 4096
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
        id: "kernel-shap", name: "KernelSHAP", family: .perturbation,
        reference: "Lundberg & Lee 2017, \"A Unified Approach to Interpreting Model Predictions\"; shap KernelExplainer",
        modelKinds: [.encoderClassifier, .decoderLM], forwardPassBudget: ForwardPassBudget(perFeature: 2, constant: 2050))

    public func explain(_ subject: ExplanationSubject) throws -> Attribution {
        let game = FeatureGame(subject: subject, removal: configuration.removal, output: configuration.output)
        try game.requireFeatures()
        guard configuration.samplesPerFeature >= 0, configuration.extraSamples >= 0, configuration.maximumSamples >= 1 else {
            throw ExplainerError.invalidConfiguration(
                explainer: descriptor.id,
                reason: "samples_per_feature (\(configuration.samplesPerFeature)) and extra_samples (\(configuration.extraSamples)) must be ≥ 0 and maximum_samples (\(configuration.maximumSamples)) ≥ 1")
        }
        let m = game.featureCount
        let samples = min(configuration.samplesPerFeature * m + configuration.extraSamples, configuration.maximumSamples)
        var random = SeededRandom(seed: configuration.seed ^ subject.fingerprint)
        let result = try Self.shapleyValues(features: m, samples: samples, random: &random, evaluate: game.values)
        let values = result.values.map(Float.init)
        return Attribution(featureScores: values, of: subject, seed: configuration.seed, diagnostics: [
            "base_value": result.base, "full_value": result.full, "samples": Double(result.samples),
            "efficiency_gap": Double(values.reduce(0, +)) - (result.full - result.base),
            "pseudo_inverse": result.pseudoInverse ? 1 : 0,
        ])
    }

    /// KernelSHAP on any game over `features` players: `evaluate` gives the value of each coalition
    /// (true keeps a player) and is called once, with the empty and full coalitions first. `samples`
    /// coalitions are used (capped at 2^M − 2, where the estimate is the exact Shapley value).
    public static func shapleyValues(features m: Int, samples: Int, random: inout SeededRandom,
                                     evaluate: ([[Bool]]) throws -> [Double])
        rethrows -> (values: [Double], base: Double, full: Double, samples: Int, pseudoInverse: Bool) {
        precondition(m >= 1, "KernelSHAP needs at least one feature")
        let budget = m <= 30 ? min(samples, (1 << m) - 2) : samples
        let sampler = m >= 2 ? KernelShapSampler(features: m, samples: budget, random: &random) : nil
        let masks = sampler?.masks ?? []
        let ends = [[Bool](repeating: false, count: m), [Bool](repeating: true, count: m)]
        let outputs = try evaluate(ends + masks)
        let base = outputs[0], full = outputs[1], total = full - base
        guard let sampler, m >= 2 else { return ([total], base, full, 0, false) }

        // y − z_last·(f(x) − base) against the columns z_j − z_last, j < M − 1 (shap's elimination).
        var design = BinaryDesign(features: m)
        for (index, mask) in masks.enumerated() {
            design.add(mask, weight: sampler.weights[index], value: outputs[index + 2] - base)
        }
        let g = design.gram(), zy = design.weightedValues(), last = m - 1, n = m - 1
        var normal = [Double](repeating: 0, count: n * n), right = [Double](repeating: 0, count: n)
        for a in 0..<n {
            for b in 0..<n {
                normal[a * n + b] = g[a * m + b] - g[a * m + last] - g[last * m + b] + g[last * m + last]
            }
            right[a] = zy[a] - zy[last] - total * (g[a * m + last] - g[last * m + last])
        }
        let (w, pseudoInverse) = SymmetricSolve.solve(normal, n: n, right)
        return (w + [total - w.reduce(0, +)], base, full, masks.count, pseudoInverse)
    }
}
