import ExplainerKit

/// `average-attention`: AT2's features with uniform weights — the attention from the response tokens
/// (a decoder) or `[CLS]` (an encoder) to each token, averaged over every layer and head; a source's
/// or word's score is the sum over its tokens. The "average attention" baseline of AT2 (arXiv
/// 2504.13752, §4) and ContextCite (arXiv 2409.00729), and the reference trainer's initial θ = 1/(L·H).
/// One forward pass with attentions.
public struct AverageAttentionExplainer: Explainer {
    /// An explainer (no options).
    public init(configuration: NoOptions = NoOptions()) {}

    public var descriptor: ExplainerDescriptor { Self.descriptor }

    /// The descriptor.
    public static let descriptor = ExplainerDescriptor(
        id: "average-attention", name: "Average attention (AT2 with uniform θ)", family: .attention,
        reference: "AT2 (Cohen-Wang et al. 2025, arXiv 2504.13752) and ContextCite (arXiv 2409.00729) average-attention baseline",
        needs: [.attentions], modelKinds: [.decoderLM, .encoderClassifier], forwardPassBudget: ForwardPassBudget(constant: 1))

    public func explain(_ subject: ExplanationSubject) throws -> Attribution {
        let (features, layers, heads) = try AT2Explainer.tokenFeatures(subject)
        let f = layers * heads
        return Attribution(tokenScores: AT2Features.scores(features: features, theta: [Double](repeating: 1 / Double(f), count: f)),
                           of: subject)
    }
}
