import ExplainerKit
import TensorCore

/// `random`: a seeded uniform score in [0, 1) for every feature (word or source), spread evenly over
/// its tokens — the floor every method must beat (as in ferret's and ERASER's random baselines).
/// The scores depend only on the seed and the input's tokens, never on what else is explained.
public struct RandomExplainer: Explainer {
    /// Options.
    public struct Configuration: ExplainerConfiguration {
        /// The seed of the scores.
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
        id: "random", name: "Random", family: .baseline,
        reference: "Uniform random scores (the random baseline of ERASER, DeYoung et al. 2020, and ferret)",
        modelKinds: [.encoderClassifier, .decoderLM], forwardPassBudget: ForwardPassBudget(constant: 0))

    public func explain(_ subject: ExplanationSubject) throws -> Attribution {
        guard !subject.features.isEmpty else { throw ExplainerError.emptyInput("the input has no features") }
        var random = SeededRandom(seed: configuration.seed ^ subject.fingerprint)
        let scores = subject.features.map { _ in random.nextFloat() }
        return Attribution(featureScores: scores, of: subject, seed: configuration.seed)
    }
}
