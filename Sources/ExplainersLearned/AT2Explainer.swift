import AttriJSON
import ExplainerKit
import Foundation
import TensorCore

/// `at2` / `at2-encoder`: Attribution with Attention (Cohen-Wang, Chuang & Madry 2025, "Learning to
/// Attribute with Attention", arXiv 2504.13752; reference implementation `at2` on PyPI,
/// github.com/MadryLab/AT2). A feature's score is Σ over layers and heads of θ_lh times the attention
/// from the attributed tokens to the feature's tokens (`AT2Features`); θ is learned from random
/// ablations of training inputs by maximising the per-example Pearson correlation between θ · features
/// and the ablated output (`AT2Objective`, Adam, lr 1e-3, 1000 steps, cosine schedule, gradient norm
/// clipped at 1, θ L1-normalised after training — the reference trainer's defaults).
///
/// `at2` attributes a decoder's response to its context's sources (the response's logit-probability);
/// `at2-encoder` (beyond the paper) attributes an encoder classifier's predicted class (its
/// log-probability) to the input words, reading the `[CLS]` row. One forward pass with attentions.
public struct AT2Explainer: TrainableExplainer {
    /// AT2 fits ablation effects of the model; it never reads human rationales.
    public var learnsFromRationales: Bool { false }

    /// Which model the explainer attributes.
    public enum Variant: String, Sendable, Codable {
        /// A decoder LM's response, over sources (the paper).
        case decoder
        /// An encoder classifier's predicted class, over words.
        case encoder
    }

    /// Options (the reference trainer's defaults).
    public struct Configuration: ExplainerConfiguration {
        /// Ablation masks per training input (the reference's `num_masks`).
        public var ablations = 32
        /// Probability that an ablation keeps a feature (the reference's α).
        public var keepProbability = 0.5
        /// Adam's base learning rate.
        public var learningRate = 1e-3
        /// Optimisation steps.
        public var iterations = 1000
        /// Training inputs per step, drawn without replacement (all when there are fewer).
        public var batchSize = 512
        /// Gradient clipping norm (≤ 0: none).
        public var maxGradientNorm = 1.0
        /// L1-normalise θ after training.
        public var normalize = true
        /// Clamp θ at 0 after every step.
        public var nonNegative = false
        /// Seed of the masks and of the batches.
        public var seed: UInt64 = 0
        /// A directory with a learned state (`at2-state.json`) to load; empty for none (train first).
        public var stateDirectory = ""
        /// Defaults.
        public init() {}
    }

    /// The model the explainer attributes.
    public let variant: Variant
    /// The registered id (`at2`, `at2-general`, `at2-encoder`: one id per learned state).
    public let explainerID: String
    /// The options in use.
    public let configuration: Configuration
    /// What was learned, once trained or loaded.
    public let state: AT2State?
    /// What training cost (nil when loaded without its cost file).
    public let trainingCost: AT2TrainingCost?

    /// An explainer of `variant` registered as `id` (default: the variant's), with `configuration`;
    /// loads `stateDirectory` when it is set.
    public init(variant: Variant = .decoder, id: String? = nil, configuration: Configuration = Configuration()) throws {
        self.variant = variant
        self.explainerID = id ?? Self.descriptor(variant).id
        self.configuration = configuration
        if configuration.stateDirectory.isEmpty {
            state = nil
            trainingCost = nil
        } else {
            let loaded = try Self.load(from: configuration.stateDirectory, explainer: explainerID)
            state = loaded.state
            trainingCost = loaded.cost
        }
    }

    init(variant: Variant, id: String, configuration: Configuration, state: AT2State?, trainingCost: AT2TrainingCost?) {
        self.variant = variant
        self.explainerID = id
        self.configuration = configuration
        self.state = state
        self.trainingCost = trainingCost
    }

    public var descriptor: ExplainerDescriptor { Self.descriptor(variant, id: explainerID) }

    /// The provenance of the weights loaded from `state_directory`, when they were.
    public var preloadedState: String? {
        guard !configuration.stateDirectory.isEmpty, let state else { return nil }
        return "loaded from \(configuration.stateDirectory): \(state.provenance.trainingData)"
    }

    /// The descriptor of each variant, registered as `id` (default `at2` / `at2-encoder`).
    public static func descriptor(_ variant: Variant, id: String? = nil) -> ExplainerDescriptor {
        switch variant {
        case .decoder:
            return ExplainerDescriptor(
                id: id ?? "at2", name: id == "at2-general" ? "AT2, general (trained off-task)" : "AT2 (attribution with attention)",
                family: .learned,
                reference: "Cohen-Wang, Chuang & Madry 2025, \"Learning to Attribute with Attention\", arXiv 2504.13752; github.com/MadryLab/AT2",
                needs: [.attentions, .training], modelKinds: [.decoderLM], forwardPassBudget: ForwardPassBudget(constant: 1))
        case .encoder:
            return ExplainerDescriptor(
                id: id ?? "at2-encoder", name: "AT2 on an encoder classifier", family: .learned,
                reference: "AT2 (arXiv 2504.13752) head weighting fitted to word ablations of the classifier ([CLS] row; beyond the paper)",
                needs: [.attentions, .training], modelKinds: [.encoderClassifier], forwardPassBudget: ForwardPassBudget(constant: 1))
        }
    }

    // MARK: - Explaining

    public func explain(_ subject: ExplanationSubject) throws -> Attribution {
        try requireSupport(of: subject)
        guard let state else {
            throw ExplainerError.invalidConfiguration(
                explainer: descriptor.id, reason: "no learned weights: train it first (attribench train-at2) or set state_directory")
        }
        let (features, layers, heads) = try Self.tokenFeatures(subject)
        guard layers == state.layers, heads == state.heads else {
            throw ExplainerError.invalidConfiguration(
                explainer: descriptor.id, reason: "the weights were learned for \(state.layers)×\(state.heads) heads, the model has \(layers)×\(heads); train on this model")
        }
        var diagnostics: [String: Double] = [:]
        if let trainingCost { diagnostics["training_ablation_seconds_per_example"] = trainingCost.secondsPerExample }
        return Attribution(tokenScores: AT2Features.scores(features: features, theta: state.theta), of: subject,
                           seed: configuration.seed, diagnostics: diagnostics)
    }

    /// Per-token features (T, L·H) of a subject, from one forward pass with attentions.
    static func tokenFeatures(_ subject: ExplanationSubject) throws -> (features: [Float], layers: Int, heads: Int) {
        let attentions: Tensor
        switch subject {
        case .decoder(let decoder): attentions = try AT2TrainingData.decoderAttentions(decoder)
        case .encoder(let encoder): attentions = try AT2TrainingData.encoderAttentions(encoder)
        }
        return (AT2Features.tokenFeatures(attentions: attentions), attentions.shape[0], attentions.shape[1])
    }

    // MARK: - Training

    public func trained(on examples: [RationaleExample]) throws -> AT2Explainer {
        try trained(on: examples.map(\.subject), description: "\(examples.count) rationale examples")
    }

    /// A copy trained on `subjects` (their rationales are not used: AT2 learns from ablations);
    /// `description` says what they are, for the provenance.
    public func trained(on subjects: [ExplanationSubject], description: String) throws -> AT2Explainer {
        try validate()
        guard let first = subjects.first else {
            throw ExplainerError.invalidConfiguration(explainer: descriptor.id, reason: "no training inputs")
        }
        for subject in subjects { try requireSupport(of: subject) }
        let (_, layers, heads) = try Self.tokenFeatures(first)
        let data = try AT2TrainingData.generate(subjects, ablations: configuration.ablations,
                                                keepProbability: configuration.keepProbability, seed: configuration.seed)
        return try fitted(to: data, layers: layers, heads: heads, description: description,
                          fingerprint: AT2State.fingerprint(of: subjects))
    }

    /// A copy with θ fitted to `data` (features of `layers × heads`).
    public func fitted(to data: AT2TrainingData, layers: Int, heads: Int, description: String,
                       fingerprint: String = "") throws -> AT2Explainer {
        try validate()
        let f = layers * heads
        guard !data.examples.isEmpty, data.examples.allSatisfy({ $0.featureCount == f }) else {
            throw ExplainerError.invalidConfiguration(
                explainer: descriptor.id, reason: "training data must hold at least one example of \(f) features (\(layers)×\(heads) heads)")
        }
        let start = DispatchTime.now().uptimeNanoseconds
        var theta = [Double](repeating: 1 / Double(f), count: f)
        let initialLoss = AT2Objective.meanLossAndGradient(theta: theta, examples: data.examples).loss
        var optimizer = AdamOptimizer(count: f, learningRate: configuration.learningRate, steps: configuration.iterations,
                                      maxGradientNorm: configuration.maxGradientNorm)
        var random = SeededRandom(seed: configuration.seed)
        let n = data.examples.count, batch = min(configuration.batchSize, n)
        var order = Array(0..<n)
        for _ in 0..<configuration.iterations {
            if batch < n {
                for i in 0..<batch { order.swapAt(i, i + random.nextInt(below: n - i)) }
            }
            let examples = order.prefix(batch).map { data.examples[$0] }
            let (_, gradient) = AT2Objective.meanLossAndGradient(theta: theta, examples: examples)
            optimizer.update(&theta, gradient: gradient)
            if configuration.nonNegative { theta = theta.map { max($0, 0) } }
        }
        if configuration.normalize {
            let norm = theta.reduce(0) { $0 + abs($1) }
            if norm > 0 { theta = theta.map { $0 / norm } }
        }
        let finalLoss = AT2Objective.meanLossAndGradient(theta: theta, examples: data.examples).loss
        var recorded = configuration
        recorded.stateDirectory = ""
        let state = AT2State(explainer: descriptor.id, layers: layers, heads: heads, theta: theta,
                             provenance: .init(trainingData: description, trainingExamples: n, trainingFingerprint: fingerprint,
                                               configuration: recorded, initialLoss: initialLoss, finalLoss: finalLoss))
        let cost = AT2TrainingCost(examples: n, forwardPasses: data.forwardPasses, dataSeconds: data.seconds,
                                   fitSeconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        return AT2Explainer(variant: variant, id: explainerID, configuration: configuration, state: state, trainingCost: cost)
    }

    func validate() throws {
        let c = configuration
        let problem: String? = c.ablations < 2 ? "ablations must be at least 2, got \(c.ablations)"
            : !(c.keepProbability > 0 && c.keepProbability < 1) ? "keep_probability must be in (0, 1), got \(c.keepProbability)"
            : !(c.learningRate > 0) ? "learning_rate must be positive, got \(c.learningRate)"
            : c.iterations < 0 ? "iterations must be ≥ 0, got \(c.iterations)"
            : c.batchSize < 1 ? "batch_size must be ≥ 1, got \(c.batchSize)" : nil
        if let problem { throw ExplainerError.invalidConfiguration(explainer: descriptor.id, reason: problem) }
    }

    // MARK: - State

    public func saveState(to directory: String) throws {
        guard let state else {
            throw ExplainerError.invalidConfiguration(explainer: descriptor.id, reason: "nothing to save: the explainer is not trained")
        }
        try state.write(to: directory)
        if let trainingCost {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(AT2TrainingCost.fileName).path
            do { try JSONValueEncoder().write(trainingCost, toFile: path) } catch {
                throw ExplainerError.invalidConfiguration(explainer: descriptor.id, reason: "cannot write \(path): \(error)")
            }
        }
    }

    public func loadingState(from directory: String) throws -> AT2Explainer {
        let loaded = try Self.load(from: directory, explainer: descriptor.id)
        return AT2Explainer(variant: variant, id: explainerID, configuration: configuration, state: loaded.state, trainingCost: loaded.cost)
    }

    static func load(from directory: String, explainer: String) throws -> (state: AT2State, cost: AT2TrainingCost?) {
        let state = try AT2State.read(from: directory, explainer: explainer)
        let path = URL(fileURLWithPath: directory).appendingPathComponent(AT2TrainingCost.fileName).path
        guard FileManager.default.fileExists(atPath: path) else { return (state, nil) }
        do {
            return (state, try JSONValueDecoder().decode(AT2TrainingCost.self, fromFile: path))
        } catch {
            throw ExplainerError.invalidConfiguration(explainer: explainer, reason: "cannot read \(path): \(error); delete it or retrain")
        }
    }
}
