import ExplainerKit

/// `occlusion`: leave-one-out — each feature's score is the drop in the target when that feature alone
/// is removed (Zeiler & Fergus 2014; Li et al. 2016 "Understanding Neural Networks through
/// Representation Erasure"; Captum's Occlusion / FeatureAblation with one feature per word).
/// Words are removed by the shared `TokenMasker` (default `[MASK]`), sources by deletion.
/// M + 1 forward passes, batched.
public struct OcclusionExplainer: Explainer {
    /// Options.
    public struct Configuration: ExplainerConfiguration {
        /// How a word is removed (encoder).
        public var removal = WordRemoval.mask
        /// The number attributed (encoder); the decoder always uses log p(response).
        public var output = TargetOutput.probability
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
        id: "occlusion", name: "Leave-one-out occlusion", family: .perturbation,
        reference: "Li et al. 2016, \"Understanding Neural Networks through Representation Erasure\"; Captum FeatureAblation",
        modelKinds: [.encoderClassifier, .decoderLM], forwardPassBudget: ForwardPassBudget(perFeature: 1, constant: 1))

    public func explain(_ subject: ExplanationSubject) throws -> Attribution {
        let m = subject.features.count
        let masks = [[Bool](repeating: true, count: m)] + (0..<m).map { left in (0..<m).map { $0 != left } }
        let values: [Float]
        switch subject {
        case .encoder(let encoder):
            values = try encoder.targetValues(keeping: masks, removal: configuration.removal, output: configuration.output)
        case .decoder(let decoder):
            values = try decoder.responseLogProbabilities(keeping: masks)
        }
        return Attribution(featureScores: values.dropFirst().map { values[0] - $0 }, of: subject)
    }
}
