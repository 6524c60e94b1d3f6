import ExplainerKit

/// `grad-attention`: Chefer, Gur & Wolf 2021, "Generic Attention-model Explainability for Interpreting
/// Bi-Modal and Encoder-Decoder Transformers" (their public code, `avg_heads` and
/// `apply_self_attention_rules`): per layer Ā = mean_h max(∇A ⊙ A, 0), with ∇A the gradient of the
/// target with respect to the attention probabilities; R = I, then R ← R + Ā·R from the first layer to
/// the last. Encoder: the target is the class's logit, the scores the `[CLS]` row of R. Decoder: the
/// target is log p(response | prompt), the scores the mean of R's rows at the positions whose logits
/// predict the response (the last prompt token to the second-to-last response token), per context
/// token, summed into sources. One forward and one backward pass.
public struct GradAttentionExplainer: Explainer {
    /// Options.
    public struct Configuration: ExplainerConfiguration {
        /// The number differentiated on the encoder; default the target class's `logit` (Chefer et al.'s
        /// one-hot on logits). The decoder always uses log p(response).
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
        id: "grad-attention", name: "Gradient-weighted attention (Chefer)", family: .attention,
        reference: "Chefer et al. 2021, \"Generic Attention-model Explainability\" (github.com/hila-chefer/Transformer-MM-Explainability)",
        needs: [.attentions, .gradients], modelKinds: [.encoderClassifier, .decoderLM],
        forwardPassBudget: ForwardPassBudget(constant: 1), backwardPassBudget: 1)

    public func explain(_ subject: ExplanationSubject) throws -> Attribution {
        switch subject {
        case .encoder(let encoder):
            let g = try encoder.gradient(output: configuration.output, attentionGradients: true)
            let relevance = Self.relevance(attentions: g.attentions!.storage, gradients: g.attentionGradients!.storage,
                                           layers: encoder.shape.layers, heads: encoder.shape.heads, tokens: encoder.tokens.count)
            return Attribution(tokenScores: relevance[0..<encoder.tokens.count].map { Float($0) }, of: subject)
        case .decoder(let decoder):
            let g = try decoder.attentionGradients()
            let t = decoder.tokens.count, rows = decoder.targetPositions
            let relevance = Self.relevance(attentions: g.attentions.storage, gradients: g.gradients.storage,
                                           layers: g.attentions.shape[0], heads: g.attentions.shape[1], tokens: t)
            var scores = [Double](repeating: 0, count: t)
            for row in rows { for j in 0..<t { scores[j] += relevance[row * t + j] / Double(rows.count) } }
            return Attribution(tokenScores: scores.map { Float($0) }, of: subject)
        }
    }

    /// R (T,T) from attention probabilities and their gradients (L,H,T,T).
    public static func relevance(attentions: [Float], gradients: [Float], layers: Int, heads: Int, tokens t: Int) -> [Double] {
        var r = [Double](repeating: 0, count: t * t)
        for i in 0..<t { r[i * t + i] = 1 }
        for layer in 0..<layers {
            var cam = [Double](repeating: 0, count: t * t)
            for head in 0..<heads {
                let base = (layer * heads + head) * t * t
                for i in 0..<(t * t) { cam[i] += Double(max(gradients[base + i] * attentions[base + i], 0)) }
            }
            var update = [Double](repeating: 0, count: t * t)
            for i in 0..<t {
                for k in 0..<t {
                    let a = cam[i * t + k] / Double(heads)
                    if a == 0 { continue }
                    for j in 0..<t { update[i * t + j] += a * r[k * t + j] }
                }
            }
            for i in r.indices { r[i] += update[i] }
        }
        return r
    }
}
