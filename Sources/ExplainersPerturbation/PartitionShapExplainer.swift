import ExplainerKit
import TensorCore

/// `partition-shap`: Owen values over a hierarchy of the features (Owen 1977; shap's
/// `PartitionExplainer`, the default shap — and ferret — use for text), computed by shap's
/// recursion (`OwenRecursion`) over shap's Text-masker clustering (`PartitionTree(featureTokens:)`),
/// built here over whole words (a word's pieces form one leaf, as shap merges `##` pieces first and
/// never splits them) or over sources (decoder) from their tokens.
///
/// Forward passes: at most `maximumEvaluations` (shap's `max_evals=500`), v(∅) and v(x) included,
/// in rounds of `batchSize` coalitions (shap's Text masker uses 5); the whole tree at once when it fits.
public struct PartitionShapExplainer: Explainer {
    /// Options.
    public struct Configuration: ExplainerConfiguration {
        /// How a word is removed (encoder).
        public var removal = WordRemoval.mask
        /// The number attributed (encoder); the decoder always uses log p(response).
        public var output = TargetOutput.probability
        /// The most forward passes (shap's `max_evals`, default 500).
        public var maximumEvaluations = 500
        /// Coalitions per round of the priority queue (shap's `batch_size`; its Text masker's default is 5).
        public var batchSize = 5
        /// The seed of the queue's tie-breaks (shap draws them from numpy's global generator).
        public var seed: UInt64 = 0
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
        id: "partition-shap", name: "Partition SHAP (Owen values)", family: .perturbation,
        reference: "Lundberg & Lee 2017 and Owen 1977 (values with a priori unions); shap PartitionExplainer with the Text masker's clustering",
        modelKinds: [.encoderClassifier, .decoderLM], forwardPassBudget: ForwardPassBudget(constant: 500))

    public func explain(_ subject: ExplanationSubject) throws -> Attribution {
        let game = FeatureGame(subject: subject, removal: configuration.removal, output: configuration.output)
        try game.requireFeatures()
        guard configuration.maximumEvaluations >= 2, configuration.batchSize >= 1 else {
            throw ExplainerError.invalidConfiguration(
                explainer: descriptor.id,
                reason: "maximum_evaluations (\(configuration.maximumEvaluations)) must be ≥ 2 and batch_size (\(configuration.batchSize)) ≥ 1")
        }
        // A word without tokens (e.g. a lone zero-width joiner, which the tokenizer's clean-up removes)
        // cannot move the model: it stays out of the hierarchy (shap's is built over tokens) and its
        // Owen value is exactly 0; the tree and the game run over the other words.
        let pieces = game.featurePieces
        let kept = pieces.indices.filter { !pieces[$0].isEmpty }
        guard !kept.isEmpty else {
            throw ExplainerError.emptyInput("none of the \(pieces.count) words has a token after tokenisation")
        }
        let tree = PartitionTree(featureTokens: kept.map { pieces[$0] })
        var random = SeededRandom(seed: configuration.seed ^ subject.fingerprint)
        let result = try OwenRecursion.values(tree: tree, maximumEvaluations: configuration.maximumEvaluations,
                                              batchSize: configuration.batchSize, random: &random) { masks in
            try game.values(masks.map { mask in
                var full = [Bool](repeating: true, count: pieces.count)
                for (position, feature) in kept.enumerated() { full[feature] = mask[position] }
                return full
            })
        }
        var values = [Float](repeating: 0, count: pieces.count)
        for (position, feature) in kept.enumerated() { values[feature] = Float(result.values[position]) }
        return Attribution(featureScores: values, of: subject, seed: configuration.seed, diagnostics: [
            "base_value": result.base, "full_value": result.full, "evaluations": Double(result.evaluations),
            "efficiency_gap": Double(values.reduce(0, +)) - (result.full - result.base),
            "exact": OwenRecursion.fullExpansionCost(tree) <= configuration.maximumEvaluations - 2 ? 1 : 0,
        ])
    }
}
