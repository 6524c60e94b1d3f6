import ExplainerKit
import Foundation

/// `position-prior`: a model-free baseline that scores earlier features higher (1, 1/2, 1/3, …),
/// the prior "the answer is near the start". It needs no forward pass; it shows how little an
/// explainer module needs: a descriptor, a configuration and `explain(_:)`.
public struct PositionPriorExplainer: Explainer {
    /// Options.
    public struct Configuration: ExplainerConfiguration {
        /// Scores decay as 1 / (position + 1) ^ exponent.
        public var exponent: Double = 1
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
        id: "position-prior", name: "Position prior", family: .baseline,
        reference: "A positional baseline (example module of the AttriBench README)",
        modelKinds: [.encoderClassifier, .decoderLM], forwardPassBudget: ForwardPassBudget(constant: 0))

    public func explain(_ subject: ExplanationSubject) throws -> Attribution {
        let scores = subject.features.indices.map { Float(1 / pow(Double($0 + 1), configuration.exponent)) }
        return Attribution(featureScores: scores, of: subject)
    }

    /// The module's registry entries.
    public static let entries = [
        ExplainerEntry(descriptor, configuration: Configuration.self) { PositionPriorExplainer(configuration: $0) },
    ]
}

