/// What an explanation cost.
public struct ExplanationCost: Sendable, Equatable, Codable {
    /// Model inputs evaluated forward (each row of a batch counts once).
    public var forwardPasses: Int
    /// Backward passes to the inputs (each row of a batch counts once).
    public var backwardPasses: Int
    /// Wall-clock seconds of the whole explanation.
    public var seconds: Double

    /// A cost record.
    public init(forwardPasses: Int = 0, backwardPasses: Int = 0, seconds: Double = 0) {
        self.forwardPasses = forwardPasses
        self.backwardPasses = backwardPasses
        self.seconds = seconds
    }
}

/// The result of one explanation: a signed score for every model token, the features (words or
/// sources) the tokens belong to, the scores aggregated to those features, the target, seed and cost.
public struct Attribution: Sendable, Equatable {
    /// The model's tokens (special tokens included).
    public var tokens: [String]
    /// One signed score per token; larger means more important to the target.
    public var tokenScores: [Float]
    /// The features: words for an encoder, sources for a decoder.
    public var features: [String]
    /// For each token, the feature it belongs to, or nil (special tokens, the decoder's template and response).
    public var tokenFeatures: [Int?]
    /// How token scores became `featureScores`.
    public var aggregation: FeatureAggregation
    /// One score per feature.
    public var featureScores: [Float]
    /// What was explained: the class index (encoder) or the response (decoder).
    public var target: ExplanationTarget
    /// The seed of every random choice (nil for deterministic methods).
    public var seed: UInt64?
    /// Forward and backward passes and wall time (filled by `ExplanationSubject.explain(with:)`).
    public var cost: ExplanationCost
    /// Method-specific diagnostics, e.g. integrated gradients' completeness gap.
    public var diagnostics: [String: Double]

    /// An attribution from token scores; feature scores are aggregated from them by `aggregation`.
    public init(tokenScores: [Float], of subject: ExplanationSubject, aggregation: FeatureAggregation = .sum,
                seed: UInt64? = nil, diagnostics: [String: Double] = [:]) {
        precondition(tokenScores.count == subject.tokens.count,
                     "Attribution: \(tokenScores.count) scores for \(subject.tokens.count) tokens")
        self.tokens = subject.tokens
        self.tokenScores = tokenScores
        self.features = subject.features
        self.tokenFeatures = subject.tokenFeatures
        self.aggregation = aggregation
        self.featureScores = aggregation.aggregate(tokenScores, tokenFeatures: subject.tokenFeatures,
                                                   featureCount: subject.features.count)
        self.target = subject.target
        self.seed = seed
        self.cost = ExplanationCost()
        self.diagnostics = diagnostics
    }

    /// An attribution computed per feature (perturbation methods): each token gets its feature's score
    /// divided evenly among the feature's tokens, so summing recovers the feature scores exactly.
    public init(featureScores: [Float], of subject: ExplanationSubject, seed: UInt64? = nil,
                diagnostics: [String: Double] = [:]) {
        precondition(featureScores.count == subject.features.count,
                     "Attribution: \(featureScores.count) scores for \(subject.features.count) features")
        var sizes = [Int](repeating: 0, count: featureScores.count)
        for case let feature? in subject.tokenFeatures { sizes[feature] += 1 }
        let scores = subject.tokenFeatures.map { feature in feature.map { featureScores[$0] / Float(sizes[$0]) } ?? 0 }
        self.init(tokenScores: scores, of: subject, aggregation: .sum, seed: seed, diagnostics: diagnostics)
        self.featureScores = featureScores
    }
}

/// What an attribution explains.
public enum ExplanationTarget: Sendable, Equatable {
    /// A class of an encoder classifier, by index, with its label name.
    case classIndex(Int, label: String)
    /// The log-probability of a decoder's response.
    case response(String)
}
