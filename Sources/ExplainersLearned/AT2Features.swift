import TensorCore

/// AT2's features (Cohen-Wang, Chuang & Madry 2025, "Learning to Attribute with Attention",
/// arXiv 2504.13752; `at2.attribution.features.AttentionFeatureExtractor` and
/// `LinearScoreEstimatorTrainer.compute_features_and_outputs_for_example`): for every layer and head,
/// the attention from the attributed tokens (the response on a decoder, `[CLS]` on an encoder) to each
/// token, averaged over the attributed tokens; a source's feature is the sum over its tokens.
///
/// L layers, H heads, Q attributed (query) tokens, T tokens, F = L·H features, M sources.
public enum AT2Features {
    /// Per-token features (T, F) from attention rows (L, H, Q, T): the mean over the Q rows, with the
    /// feature index `layer · H + head` (the reference's `permute(2, 3, 0, 1)` then `view`).
    public static func tokenFeatures(attentions: Tensor) -> [Float] {
        precondition(attentions.rank == 4, "AT2Features: attentions must be (L,H,Q,T), got \(attentions.shape)")
        let l = attentions.shape[0], h = attentions.shape[1], q = attentions.shape[2], t = attentions.shape[3]
        let f = l * h
        var result = [Float](repeating: 0, count: t * f)
        let scale = 1 / Float(q)
        attentions.withUnsafeBufferPointer { a in
            for feature in 0..<f {
                let base = feature * q * t
                for row in 0..<q {
                    let offset = base + row * t
                    for token in 0..<t { result[token * f + feature] += a[offset + token] * scale }
                }
            }
        }
        return result
    }

    /// Per-feature-group features (M, F): the sum of the per-token features (T, F) over each source's
    /// tokens; tokens whose `tokenFeatures` entry is nil belong to no source.
    public static func sourceFeatures(tokenFeatures: [Float], owners: [Int?], sources m: Int) -> [Float] {
        let t = owners.count
        precondition(t > 0 && tokenFeatures.count % t == 0, "AT2Features: \(tokenFeatures.count) values for \(t) tokens")
        let f = tokenFeatures.count / t
        var result = [Float](repeating: 0, count: m * f)
        for (token, owner) in owners.enumerated() {
            guard let owner else { continue }
            for j in 0..<f { result[owner * f + j] += tokenFeatures[token * f + j] }
        }
        return result
    }

    /// The features of each ablation mask (K, F): Σ over sources of (2·keep − 1) · source features,
    /// the reference's `(masks * 2 - 1) @ features`, so θ · row predicts the ablated output.
    public static func maskFeatures(sourceFeatures: [Float], masks: [[Bool]]) -> [Double] {
        guard let m = masks.first?.count, m > 0 else { return [] }
        let f = sourceFeatures.count / m
        var result = [Double](repeating: 0, count: masks.count * f)
        for (k, mask) in masks.enumerated() {
            for (source, keep) in mask.enumerated() {
                let sign: Double = keep ? 1 : -1
                for j in 0..<f { result[k * f + j] += sign * Double(sourceFeatures[source * f + j]) }
            }
        }
        return result
    }

    /// Scores (rows of `features`, F columns) under weights θ (F): row · θ.
    public static func scores(features: [Float], theta: [Double]) -> [Float] {
        let f = theta.count
        precondition(f > 0 && features.count % f == 0, "AT2Features: \(features.count) values for \(f) weights")
        return (0..<(features.count / f)).map { row in
            var sum = 0.0
            for j in 0..<f { sum += Double(features[row * f + j]) * theta[j] }
            return Float(sum)
        }
    }
}
