import ExplainerKit

/// `attention-rollout`: Abnar & Zuidema 2020, "Quantifying Attention Flow in Transformers" (and their
/// public code, `compute_joint_attention`): per layer Â = rownorm(mean_h A + I) = 0.5·A + 0.5·I, multiplied
/// through the layers; the `[CLS]` row on the encoder, the mean of the response tokens' rows on the
/// decoder (per context token, summed into sources). One forward pass.
public struct AttentionRolloutExplainer: Explainer {
    /// Options.
    public struct Configuration: ExplainerConfiguration {
        /// How heads are combined before the residual is added; default `mean` (the paper's).
        public var headReduction = HeadReduction.mean
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
        id: "attention-rollout", name: "Attention rollout", family: .attention,
        reference: "Abnar & Zuidema 2020, \"Quantifying Attention Flow in Transformers\" (github.com/samiraabnar/attention_flow)",
        needs: [.attentions], modelKinds: [.encoderClassifier, .decoderLM], forwardPassBudget: ForwardPassBudget(constant: 1))

    public func explain(_ subject: ExplanationSubject) throws -> Attribution {
        switch subject {
        case .encoder(let encoder):
            let (_, attentions) = try encoder.forward()
            let t = encoder.tokens.count
            let joint = Self.rollout(attentions.storage, layers: encoder.shape.layers, heads: encoder.shape.heads,
                                     tokens: t, reduction: configuration.headReduction)
            return Attribution(tokenScores: joint[0..<t].map { Float($0) }, of: subject)
        case .decoder(let decoder):
            let attentions = try decoder.attentions()   // (L,H,T,T)
            let t = attentions.shape[2], start = decoder.promptLength
            let joint = Self.rollout(attentions.storage, layers: attentions.shape[0], heads: attentions.shape[1],
                                     tokens: t, reduction: configuration.headReduction)
            var scores = [Double](repeating: 0, count: t)
            for row in start..<t { for j in 0..<t { scores[j] += joint[row * t + j] / Double(t - start) } }
            return Attribution(tokenScores: scores.map { Float($0) }, of: subject)
        }
    }

    /// The rollout (T,T) of attention probabilities (L,H,T,T): every row sums to 1.
    public static func rollout(_ attentions: [Float], layers: Int, heads: Int, tokens: Int, reduction: HeadReduction) -> [Double] {
        ResidualAttention.rollout(
            ResidualAttention.augmented(attentions, layers: layers, heads: heads, tokens: tokens, reduction: reduction), tokens: tokens)
    }
}
