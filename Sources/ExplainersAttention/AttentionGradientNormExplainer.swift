import ExplainerKit

/// `attention-x-grad-norm`: Kobayashi et al.'s attention-weighted transformed vectors measured by the
/// gradient instead of the Euclidean norm. Kobayashi, Kuribayashi, Yokoi & Inui 2020, "Attention is Not
/// Only a Weight: Analyzing Transformers with Vector Norms" (github.com/gorokoba560/norm-analysis-of-transformer)
/// write a layer's attention output at query i as Σ_j Σ_h α^h_ij f^h(x_j), with f^h(x) = (x W_V^h + b_V^h) W_O^h,
/// and score key j by ‖Σ_h α^h_ij f^h(x_j)‖. Here the norm is replaced by the first-order effect on the
/// target y, |⟨∂y/∂o_i, Σ_h α^h_ij f^h(x_j)⟩| (o_i the attention output at i), which equals
/// |Σ_h α^h_ij ∂y/∂α^h_ij|: attention times its gradient, summed over heads inside the absolute value
/// (the signed A ⊙ ∇A that Chefer et al. 2021 clip at 0 and roll out, and that Grad-SAM, Barkan et al.
/// 2021, averages). The score of token j is the sum over queries i of one layer (default the last, where
/// only the `[CLS]` row (encoder) or the rows whose logits predict the response (decoder) have a gradient).
/// ferret has no attention method to follow. One forward and one backward pass; y is the class's logit
/// (encoder) or log p(response | prompt) per context token, summed into sources (decoder).
///
/// Kobayashi's Euclidean norm itself would need the value vectors and W_O, which the model access does
/// not expose; the gradient with respect to the attention probabilities carries exactly their
/// projection on ∂y/∂o_i.
public struct AttentionGradientNormExplainer: Explainer {
    /// Options.
    public struct Configuration: ExplainerConfiguration {
        /// The layer, counted from 0; negative counts from the end (−1, the default, is the last).
        public var layer = -1
        /// Report |Σ_h α ∂y/∂α| (the default, a norm like Kobayashi's) or the signed Σ_h α ∂y/∂α.
        public var absolute = true
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
        id: "attention-x-grad-norm", name: "Attention × gradient (Kobayashi vectors)", family: .attention,
        reference: "Kobayashi et al. 2020, \"Attention is Not Only a Weight\" (github.com/gorokoba560/norm-analysis-of-transformer), with the gradient of the target as the norm",
        needs: [.attentions, .gradients], modelKinds: [.encoderClassifier, .decoderLM],
        forwardPassBudget: ForwardPassBudget(constant: 1), backwardPassBudget: 1)

    public func explain(_ subject: ExplanationSubject) throws -> Attribution {
        let attentions: [Float], gradients: [Float], layers: Int, heads: Int
        switch subject {
        case .encoder(let encoder):
            let g = try encoder.gradient(output: configuration.output, attentionGradients: true)
            (attentions, gradients) = (g.attentions!.storage, g.attentionGradients!.storage)
            (layers, heads) = (encoder.shape.layers, encoder.shape.heads)
        case .decoder(let decoder):
            let g = try decoder.attentionGradients()
            (attentions, gradients) = (g.attentions.storage, g.gradients.storage)
            (layers, heads) = (g.attentions.shape[0], g.attentions.shape[1])
        }
        let layer = configuration.layer < 0 ? layers + configuration.layer : configuration.layer
        guard (0..<layers).contains(layer) else {
            throw ExplainerError.invalidConfiguration(explainer: descriptor.id,
                                                      reason: "layer \(configuration.layer) is outside the model's \(layers) layers")
        }
        let contributions = Self.contributions(attentions: attentions, gradients: gradients, layer: layer, heads: heads,
                                               tokens: subject.tokens.count, absolute: configuration.absolute)
        return Attribution(tokenScores: contributions.map { Float($0) }, of: subject)
    }

    /// Σ_i |Σ_h α^h_ij ∂y/∂α^h_ij| per key j (or without the absolute value) for one `layer` of attention
    /// probabilities and their gradients (L,H,T,T).
    public static func contributions(attentions: [Float], gradients: [Float], layer: Int, heads: Int, tokens t: Int,
                                     absolute: Bool) -> [Double] {
        var scores = [Double](repeating: 0, count: t)
        for i in 0..<t {
            for j in 0..<t {
                var total = 0.0
                for head in 0..<heads {
                    let index = ((layer * heads + head) * t + i) * t + j
                    total += Double(attentions[index]) * Double(gradients[index])
                }
                scores[j] += absolute ? abs(total) : total
            }
        }
        return scores
    }
}
