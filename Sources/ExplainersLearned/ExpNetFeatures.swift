import ExplainerKit
import TensorCore

/// ExpNet's per-token features (arXiv 2601.14112, §3): from one layer's attention probabilities, for
/// each head, how much `[CLS]` attends to the token and how much the token attends to `[CLS]` —
/// 2 × heads values per token (24 for MiniLM's 12 heads, at the last layer by default). The layer and
/// the directions are options, for the paper's ablations.
///
/// L layers, H heads, T tokens, F = H × directions features.
public enum ExpNetFeatures {
    /// One block of H features per token.
    public enum Direction: String, Sendable, Codable, CaseIterable {
        /// `A[l, h, 0, j]`: the `[CLS]` row, what the classification token attends to.
        case clsToToken = "cls-to-token"
        /// `A[l, h, j, 0]`: the `[CLS]` column, how much token j attends to the classification token.
        case tokenToCls = "token-to-cls"
    }

    /// The features (T,F), row-major, token by token: for each direction in order, its H heads.
    /// `attentions` is (L,H,T,T) as `EncoderSubject.forward()` returns it; `layer` is in 0..<L.
    public static func encoder(attentions: Tensor, layer: Int, directions: [Direction]) -> [Double] {
        precondition(attentions.rank == 4 && attentions.shape[2] == attentions.shape[3],
                     "ExpNetFeatures: attentions must be (L,H,T,T), got \(attentions.shape)")
        let h = attentions.shape[1], t = attentions.shape[2]
        precondition((0..<attentions.shape[0]).contains(layer), "ExpNetFeatures: layer \(layer) outside \(attentions.shape[0])")
        let base = layer * h * t * t
        var features = [Double](repeating: 0, count: t * h * directions.count)
        let width = h * directions.count
        attentions.withUnsafeBufferPointer { a in
            for token in 0..<t {
                for (block, direction) in directions.enumerated() {
                    for head in 0..<h {
                        let offset = base + head * t * t
                        let value = direction == .clsToToken ? a[offset + token] : a[offset + token * t]
                        features[token * width + block * h + head] = Double(value)
                    }
                }
            }
        }
        return features
    }

    /// The layer index of a configured layer (negative counts from the end), or an error naming it.
    static func resolvedLayer(_ layer: Int, layers: Int, explainer: String) throws -> Int {
        let resolved = layer < 0 ? layers + layer : layer
        guard (0..<layers).contains(resolved) else {
            throw ExplainerError.invalidConfiguration(explainer: explainer,
                                                      reason: "layer \(layer) is outside the model's \(layers) layers; use 0..<\(layers) or -1 for the last")
        }
        return resolved
    }
}
