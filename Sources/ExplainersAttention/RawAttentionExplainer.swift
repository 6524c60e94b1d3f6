import ExplainerKit
import TensorCore

/// `raw-attention`: one layer's attention, heads reduced, read off as token scores. On the encoder the
/// `[CLS]` row (what the classification token attends to; or the column into `[CLS]`), on the decoder
/// the mean of the response tokens' rows (Jain & Wallace 2019; the attention baseline of ferret,
/// ExpNet arXiv 2601.14112 and AT2 arXiv 2504.13752). One forward pass.
public struct RawAttentionExplainer: Explainer {
    /// Which attention entries become scores.
    public enum Direction: String, Sendable, Codable, CaseIterable {
        /// The row of `[CLS]` (encoder) or of the response tokens (decoder): what they attend to.
        case clsRow = "cls-row"
        /// The column into `[CLS]`: how much each token attends to it (encoder only).
        case clsColumn = "cls-column"
    }

    /// Options.
    public struct Configuration: ExplainerConfiguration {
        /// The layer, counted from 0; negative counts from the end (−1, the default, is the last).
        public var layer = -1
        /// How heads are combined.
        public var headReduction = HeadReduction.mean
        /// Row or column (the decoder always uses the response rows).
        public var direction = Direction.clsRow
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
        id: "raw-attention", name: "Raw attention", family: .attention,
        reference: "Jain & Wallace 2019, \"Attention is not Explanation\"; last-layer [CLS] attention as in ferret",
        needs: [.attentions], modelKinds: [.encoderClassifier, .decoderLM], forwardPassBudget: ForwardPassBudget(constant: 1))

    public func explain(_ subject: ExplanationSubject) throws -> Attribution {
        switch subject {
        case .encoder(let encoder):
            let layer = try resolvedLayer(layers: encoder.shape.layers)
            let (_, attentions) = try encoder.forward()
            let h = encoder.shape.heads, t = encoder.tokens.count
            let matrix = configuration.headReduction.reduce(attentions.storage, offset: layer * h * t * t, heads: h, rows: t, columns: t)
            let scores = configuration.direction == .clsRow
                ? Array(matrix[0..<t]) : (0..<t).map { matrix[$0 * t] }
            return Attribution(tokenScores: scores, of: subject)
        case .decoder(let decoder):
            let layer = try resolvedLayer(layers: decoder.shape.layers)
            let attentions = try decoder.responseAttentions(layers: [layer])   // (1,H,R,T)
            let h = attentions.shape[1], r = attentions.shape[2], t = attentions.shape[3]
            let matrix = configuration.headReduction.reduce(attentions.storage, heads: h, rows: r, columns: t)
            var scores = [Float](repeating: 0, count: t)
            for row in 0..<r { for j in 0..<t { scores[j] += matrix[row * t + j] / Float(r) } }
            return Attribution(tokenScores: scores, of: subject)
        }
    }

    /// The configured layer as an index in 0..<layers.
    func resolvedLayer(layers: Int) throws -> Int {
        let layer = configuration.layer < 0 ? layers + configuration.layer : configuration.layer
        guard (0..<layers).contains(layer) else {
            throw ExplainerError.invalidConfiguration(explainer: descriptor.id,
                                                      reason: "layer \(configuration.layer) is outside the model's \(layers) layers")
        }
        return layer
    }
}
