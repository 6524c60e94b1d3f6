import ExplainerKit

/// `gradient-x-input`: gradient ⊙ input embedding, summed over the hidden dimension (signed), or its
/// absolute value. Shrikumar et al. 2016, "Not Just a Black Box"; Captum `InputXGradient` on the
/// embeddings, summed over the hidden dimension. One forward and one backward pass. On the encoder the
/// target is the class's logit by default; on the decoder log p(response), per context token, summed
/// into sources.
public struct GradientXInputExplainer: Explainer {
    /// Options.
    public struct Configuration: ExplainerConfiguration {
        /// Report |Σ_c g ⊙ e| instead of the signed sum; default false.
        public var absolute = false
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
        id: "gradient-x-input", name: "Gradient × input", family: .gradient,
        reference: "Shrikumar et al. 2016, \"Not Just a Black Box\"; Captum InputXGradient",
        needs: [.gradients], modelKinds: [.encoderClassifier, .decoderLM],
        forwardPassBudget: ForwardPassBudget(constant: 1), backwardPassBudget: 1)

    public func explain(_ subject: ExplanationSubject) throws -> Attribution {
        let g = try TargetGradient(subject, output: configuration.output)
        var scores = Self.contributions(gradient: g.gradient, input: g.embeddings, tokens: g.tokens, channels: g.channels)
        if configuration.absolute { scores = scores.map(abs) }
        return Attribution(tokenScores: scores, of: subject)
    }

    /// Σ_c gradient ⊙ input per token: for a model linear in the embeddings, f(e) = Σ_t w_t·e_t + b, these
    /// are exactly the tokens' contributions w_t·e_t.
    public static func contributions(gradient: [Float], input: [Float], tokens: Int, channels: Int) -> [Float] {   // (T,C), (T,C)
        TokenReduction.dotProducts(gradient, input, tokens: tokens, channels: channels)
    }
}
