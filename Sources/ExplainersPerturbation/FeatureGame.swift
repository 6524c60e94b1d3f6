import ExplainerKit

/// The cooperative game a perturbation explainer plays on one input: the features are its words
/// (encoder) or sources (decoder), and the value of a coalition is the target with only those features
/// kept — words removed by the shared `TokenMasker`, sources deleted by the decoder's context ablation.
///
/// Every coalition asked for at once goes to the subject in one call, which runs it in as few batched
/// forward passes as its `maximumBatchRows` allows; each row's value does not depend on the others.
struct FeatureGame {
    /// The input.
    let subject: ExplanationSubject
    /// How an encoder word is removed.
    let removal: WordRemoval
    /// The encoder number attributed (a decoder always gives log p(response)).
    let output: TargetOutput

    /// The number of players (features).
    var featureCount: Int { subject.features.count }

    /// One value per mask (true keeps the feature); the subject evaluates a repeated coalition once.
    func values(_ masks: [[Bool]]) throws -> [Double] {
        guard !masks.isEmpty else { return [] }
        switch subject {
        case .encoder(let encoder):
            return try encoder.targetValues(keeping: masks, removal: removal, output: output).map(Double.init)
        case .decoder(let decoder):
            return try decoder.responseLogProbabilities(keeping: masks).map(Double.init)
        }
    }

    /// The token strings of each feature, in order (what shap's text clustering reads).
    var featurePieces: [[String]] {
        var pieces = [[String]](repeating: [], count: featureCount)
        for (token, feature) in zip(subject.tokens, subject.tokenFeatures) {
            if let feature { pieces[feature].append(token) }
        }
        return pieces
    }

    /// Throws `emptyInput` for an input without features (when an explainer is called directly).
    func requireFeatures() throws {
        guard featureCount > 0 else { throw ExplainerError.emptyInput("the input has no features") }
    }
}
