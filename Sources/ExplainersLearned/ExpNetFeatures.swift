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

    /// Decoder features (T,F), F = 2 × layers × H (beyond the paper, its stated future work): for each
    /// position j, the mean and then the max over the response tokens of `A[l, h, r, j]`, for each
    /// layer of `attentions` (in order) and head. `attentions` is (layers,H,R,T) as
    /// `DecoderSubject.responseAttentions(layers:)` returns it.
    public static func decoder(attentions: Tensor) -> [Double] {
        precondition(attentions.rank == 4, "ExpNetFeatures: decoder attentions must be (layers,H,R,T), got \(attentions.shape)")
        let l = attentions.shape[0], h = attentions.shape[1], r = attentions.shape[2], t = attentions.shape[3]
        let block = l * h, width = 2 * block
        var features = [Double](repeating: 0, count: t * width)
        attentions.withUnsafeBufferPointer { a in
            for layer in 0..<l {
                for head in 0..<h {
                    let column = layer * h + head
                    for j in 0..<t {
                        var sum = 0.0, maximum = -Double.infinity
                        for row in 0..<r {
                            let value = Double(a[((layer * h + head) * r + row) * t + j])
                            sum += value
                            maximum = max(maximum, value)
                        }
                        features[j * width + column] = sum / Double(max(r, 1))
                        features[j * width + block + column] = r > 0 ? maximum : 0
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
