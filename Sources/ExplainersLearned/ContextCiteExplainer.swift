import ExplainerKit

/// `context-cite-32` / `context-cite-256`: ContextCite (Cohen-Wang, Shah, Georgiev & Mądry 2024,
/// "ContextCite: Attributing Model Generation to Context", arXiv 2409.00729; github.com/MadryLab/context-cite).
/// Per input: random ablations keeping each source with probability ½, the response's logit-probability
/// under each (log p − log(1 − p)), and a sparse linear surrogate fitted by LASSO (α = 0.01 on masks
/// standardised as `StandardScaler`, the output divided by the response's token count and the weights
/// multiplied back, as `context_cite.solver.LassoRegression`); a source's score is its weight.
/// The AT2 paper's expensive baseline: 32 and 256 ablations. `ablations` forward passes, batched.
public struct ContextCiteExplainer: Explainer {
    /// Options.
    public struct Configuration: ExplainerConfiguration {
        /// Random ablations (the surrogate's training set).
        public var ablations = 32
        /// Probability that an ablation keeps a source.
        public var keepProbability = 0.5
        /// The LASSO's α.
        public var lassoAlpha = 0.01
        /// Seed of the ablations (combined with the input's fingerprint).
        public var seed: UInt64 = 0
        /// Defaults (32 ablations).
        public init() {}
        /// Defaults with `ablations` ablations.
        public init(ablations: Int) { self.ablations = ablations }
    }

    /// The options in use.
    public let configuration: Configuration
    /// The registered id.
    let explainerID: String

    /// An explainer registered as `id` with `configuration`.
    public init(id: String = "context-cite-32", configuration: Configuration = Configuration()) throws {
        guard configuration.ablations >= 2 else {
            throw ExplainerError.invalidConfiguration(explainer: id, reason: "ablations must be at least 2, got \(configuration.ablations)")
        }
        guard configuration.keepProbability > 0, configuration.keepProbability < 1 else {
            throw ExplainerError.invalidConfiguration(explainer: id, reason: "keep_probability must be in (0, 1), got \(configuration.keepProbability)")
        }
        guard configuration.lassoAlpha >= 0 else {
            throw ExplainerError.invalidConfiguration(explainer: id, reason: "lasso_alpha must be ≥ 0, got \(configuration.lassoAlpha)")
        }
        self.explainerID = id
        self.configuration = configuration
    }

    public var descriptor: ExplainerDescriptor { Self.descriptor(id: explainerID, ablations: configuration.ablations) }

    /// The descriptor of the variant `id` with `ablations` passes.
    public static func descriptor(id: String, ablations: Int) -> ExplainerDescriptor {
        ExplainerDescriptor(
            id: id, name: "ContextCite (\(ablations) ablations)", family: .perturbation,
            reference: "Cohen-Wang et al. 2024, \"ContextCite: Attributing Model Generation to Context\", arXiv 2409.00729; github.com/MadryLab/context-cite",
            modelKinds: [.decoderLM], forwardPassBudget: ForwardPassBudget(constant: ablations))
    }

    public func explain(_ subject: ExplanationSubject) throws -> Attribution {
        try requireSupport(of: subject)
        guard case .decoder(let decoder) = subject else { throw ExplainerError.unsupportedModel(explainer: explainerID, kind: subject.modelKind) }
        let seed = configuration.seed ^ subject.fingerprint
        let masks = AT2TrainingData.randomMasks(count: configuration.ablations, features: decoder.sources.count,
                                                keepProbability: configuration.keepProbability, seed: seed)
        let outputs = try decoder.responseLogProbabilities(keeping: masks).map {
            AT2TrainingData.logitProbability(logProbability: Double($0))
        }
        let weights = Self.surrogateWeights(masks: masks, outputs: outputs, responseTokens: decoder.context.response.count,
                                            alpha: configuration.lassoAlpha)
        return Attribution(featureScores: weights.map(Float.init), of: subject, seed: configuration.seed)
    }

    /// ContextCite's `LassoRegression.fit`: standardise the masks, fit outputs / tokens, rescale.
    public static func surrogateWeights(masks: [[Bool]], outputs: [Double], responseTokens: Int, alpha: Double) -> [Double] {
        let n = masks.count, p = masks.first?.count ?? 0
        guard n > 0, p > 0 else { return [Double](repeating: 0, count: p) }
        var means = [Double](repeating: 0, count: p), scales = [Double](repeating: 0, count: p)
        for mask in masks { for j in 0..<p where mask[j] { means[j] += 1 / Double(n) } }
        for j in 0..<p {
            // Population standard deviation of a 0/1 column; a constant column keeps scale 1 (StandardScaler).
            let sd = (means[j] * (1 - means[j])).squareRoot()
            scales[j] = sd > 0 ? sd : 1
        }
        var x = [Double](repeating: 0, count: n * p)
        for (row, mask) in masks.enumerated() {
            for j in 0..<p { x[row * p + j] = ((mask[j] ? 1 : 0) - means[j]) / scales[j] }
        }
        let tokens = Double(max(responseTokens, 1))
        let fit = Lasso.fit(x: x, y: outputs.map { $0 / tokens }, alpha: alpha)
        return (0..<p).map { fit.weights[$0] / scales[$0] * tokens }
    }
}

/// The options of `context-cite-256`: ContextCite's options with 256 ablations by default (the same
/// keys, encoded flat).
public struct ContextCiteDefaults256: ExplainerConfiguration {
    /// The options.
    public var configuration: ContextCiteExplainer.Configuration

    /// Defaults: 256 ablations.
    public init() { configuration = ContextCiteExplainer.Configuration(ablations: 256) }

    public init(from decoder: Decoder) throws { configuration = try ContextCiteExplainer.Configuration(from: decoder) }

    public func encode(to encoder: Encoder) throws { try configuration.encode(to: encoder) }
}
