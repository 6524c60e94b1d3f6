/// How token scores are summed into word (or source) scores.
///
/// The default is `sum`, signed: a word split into sub-tokens gets the total of its pieces, the
/// convention of Captum's feature masks and of ferret (which sums sub-token attributions per word);
/// it keeps completeness (Σ words = Σ tokens) for methods that promise it. `mean`, `maxAbsolute`
/// (the signed score of the piece with the largest magnitude) and `first` (the first piece, as in
/// token-classification heads) are the alternatives.
public enum FeatureAggregation: String, Sendable, Codable, CaseIterable {
    /// Σ over the feature's tokens.
    case sum
    /// Mean over the feature's tokens.
    case mean
    /// The token score of largest magnitude, with its sign.
    case maxAbsolute = "max-absolute"
    /// The first token's score.
    case first

    /// One score per feature from one score per token; tokens with no feature are ignored, and a
    /// feature with no tokens (truncated away) scores 0.
    public func aggregate(_ tokenScores: [Float], tokenFeatures: [Int?], featureCount: Int) -> [Float] {
        var result = [Float](repeating: 0, count: featureCount)
        var counts = [Int](repeating: 0, count: featureCount)
        for (score, feature) in zip(tokenScores, tokenFeatures) {
            guard let feature else { continue }
            switch self {
            case .sum, .mean: result[feature] += score
            case .maxAbsolute: if counts[feature] == 0 || abs(score) > abs(result[feature]) { result[feature] = score }
            case .first: if counts[feature] == 0 { result[feature] = score }
            }
            counts[feature] += 1
        }
        if self == .mean {
            for index in result.indices where counts[index] > 0 { result[index] /= Float(counts[index]) }
        }
        return result
    }
}
