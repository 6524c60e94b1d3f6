import ExplainerKit

/// `saliency`: the gradient of the target with respect to the input embeddings, reduced per token by
/// its L2 norm (or the sum of absolute values). Simonyan, Vedaldi & Zisserman 2014, "Deep Inside
/// Convolutional Networks: Visualising Image Classification Models and Saliency Maps"; Captum
/// `Saliency` (abs=True) on the embeddings, reduced over the hidden dimension. One forward and one
/// backward pass. On the encoder the target is the class's logit by default (Captum's convention on HF
/// classifiers); on the decoder log p(response), per context token, summed into sources.
public struct SaliencyExplainer: Explainer {
    /// How a token's gradient vector becomes one score.
    public enum Reduction: String, Sendable, Codable, CaseIterable {
        /// ‖∂f/∂e_t‖₂ (the default).
        case l2 = "l2"
        /// Σ_c |∂f/∂e_tc|, Captum Saliency's absolute gradient summed over the hidden dimension.
        case absoluteSum = "abs-sum"
    }

    /// Options.
    public struct Configuration: ExplainerConfiguration {
        /// The per-token reduction; default `l2`.
        public var reduction = Reduction.l2
        /// The number differentiated on the encoder; default the target class's `logit`. The decoder
        /// always uses log p(response).
        public var output = TargetOutput.logit
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
        id: "saliency", name: "Gradient saliency", family: .gradient,
        reference: "Simonyan et al. 2014, \"Deep Inside Convolutional Networks\"; Captum Saliency",
        needs: [.gradients], modelKinds: [.encoderClassifier, .decoderLM],
        forwardPassBudget: ForwardPassBudget(constant: 1), backwardPassBudget: 1)

    public func explain(_ subject: ExplanationSubject) throws -> Attribution {
        let g = try TargetGradient(subject, output: configuration.output)
        let scores = switch configuration.reduction {
        case .l2: TokenReduction.l2Norm(g.gradient, tokens: g.tokens, channels: g.channels)
        case .absoluteSum: TokenReduction.absoluteSum(g.gradient, tokens: g.tokens, channels: g.channels)
        }
        return Attribution(tokenScores: scores, of: subject)
    }
}
