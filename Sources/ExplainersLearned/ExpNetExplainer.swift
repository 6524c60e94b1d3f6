import ExplainerKit
import TensorCore

/// `expnet`: ExpNet, a supervised explainer that learns a mapping from attention patterns to token
/// importance (Mihaila 2026, "Learning to Explain: Supervised Token Attribution from Transformer
/// Attention Patterns", arXiv 2601.14112).
///
/// Per token, the final layer's `[CLS]`→token and token→`[CLS]` attention of every head
/// (`ExpNetFeatures`) goes through a two-layer MLP with a sigmoid output (`ExpNetModel`), trained with
/// focal loss (`FocalLoss`) and Adam on human word rationales mapped onto sub-word tokens (every
/// piece of a rationale word is positive). A token's score is its probability; a word's score is the
/// highest probability of its pieces (`max-absolute` aggregation, the word is a rationale word when
/// any piece is); the binary rationale is probability ≥ `threshold`, or the single best word when none
/// passes (`prediction(from:)`, the paper's fallback). One forward pass per explanation.
///
/// On a decoder (beyond the paper, its stated future work) the features of a context token are the
/// mean and max attention the response tokens pay it in each head of the final `decoderLayers`
/// layers, the labels mark the tokens of the rationale sources (e.g. the sentence holding the gold
/// answer), and a source scores the mean probability of its tokens.
///
/// Where the paper's text available to this project did not state a value, the default is documented
/// on the option (see each property).
public struct ExpNetExplainer: TrainableExplainer {
    /// Options, with their documented defaults.
    public struct Configuration: ExplainerConfiguration {
        /// The attention layer, from 0; negative counts from the end (−1, the default: the final layer, as the paper).
        public var layer = -1
        /// Which attention entries become features (default: both, 2 × heads features, as the paper).
        public var directions: [ExpNetFeatures.Direction] = [.clsToToken, .tokenToCls]
        /// Decoder only (beyond the paper): how many final layers' response attention become features (default 2).
        public var decoderLayers = 2
        /// Hidden units of the MLP (default 64).
        public var hiddenSize = 64
        /// Dropout after the hidden ReLU during training (default 0.1).
        public var dropout = 0.1
        /// Focal loss α, the positive class's weight (default 0.25, Lin et al. 2017).
        public var focalAlpha = 0.25
        /// Focal loss γ (default 2, Lin et al. 2017).
        public var focalGamma = 2.0
        /// Adam's learning rate (default 1e-3, PyTorch's Adam default).
        public var learningRate = 1e-3
        /// Passes over the training tokens (default 10).
        public var epochs = 10
        /// Tokens per Adam step (default 256), drawn from a seeded shuffle every epoch.
        public var batchSize = 256
        /// Seed of the initialisation, the shuffles and the dropout masks.
        public var seed: UInt64 = 0
        /// The probability from which a token (word) is predicted as rationale (default 0.5, the paper's).
        public var threshold = 0.5
        /// Defaults.
        public init() {}
    }

    /// The options in use.
    public let configuration: Configuration
    /// What training learned; nil before training.
    public let state: ExpNetState?

    /// An untrained explainer with `configuration`.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.state = nil
    }

    /// An explainer with learned `state`.
    public init(configuration: Configuration, state: ExpNetState?) {
        self.configuration = configuration
        self.state = state
    }

    public var descriptor: ExplainerDescriptor { Self.descriptor }

    /// The descriptor.
    public static let descriptor = ExplainerDescriptor(
        id: "expnet", name: "ExpNet", family: .learned,
        reference: "Mihaila 2026, \"Learning to Explain: Supervised Token Attribution from Transformer Attention Patterns\", arXiv 2601.14112",
        needs: [.attentions, .training], modelKinds: [.encoderClassifier, .decoderLM], forwardPassBudget: ForwardPassBudget(constant: 1))

    /// How token probabilities become feature scores: a word takes its best piece (encoder); a source,
    /// a sentence of many tokens, takes their mean (decoder).
    public static func aggregation(for kind: ModelKind) -> FeatureAggregation {
        kind == .encoderClassifier ? .maxAbsolute : .mean
    }

    public func explain(_ subject: ExplanationSubject) throws -> Attribution {
        try requireSupport(of: subject)
        guard let state else {
            throw ExplainerError.invalidConfiguration(
                explainer: descriptor.id, reason: "ExpNet is not trained; train it on rationale examples (the runner does) or load a saved state")
        }
        let features = try self.features(of: subject)
        let width = features.count / max(subject.tokens.count, 1)
        guard width == state.model.inputSize else {
            throw ExplainerError.invalidConfiguration(
                explainer: descriptor.id,
                reason: "the learned state takes \(state.model.inputSize) features per token but this model gives \(width); train ExpNet on this model's attention")
        }
        let probabilities = state.model.probabilities(features)
        let scores = zip(probabilities, subject.tokenFeatures).map { p, feature in feature == nil ? 0 : Float(p) }
        return Attribution(tokenScores: scores, of: subject, aggregation: Self.aggregation(for: subject.modelKind),
                           diagnostics: ["rationale_threshold": configuration.threshold])
    }

    /// The binary word rationale of an attribution: words scoring ≥ `threshold`, else the single best word.
    public func prediction(from attribution: Attribution) -> [Bool] {
        var chosen = attribution.featureScores.map { Double($0) >= configuration.threshold }
        if !chosen.contains(true), let best = attribution.featureScores.indices.max(by: {
            attribution.featureScores[$0] < attribution.featureScores[$1] || (attribution.featureScores[$0] == attribution.featureScores[$1] && $0 > $1)
        }) {
            chosen[best] = true
        }
        return chosen
    }

    /// The subject's features (T,F): one forward pass.
    func features(of subject: ExplanationSubject) throws -> [Double] {
        switch subject {
        case .encoder(let encoder):
            return try features(of: encoder)
        case .decoder(let decoder):
            let layers = decoder.shape.layers
            guard (1...layers).contains(configuration.decoderLayers) else {
                throw ExplainerError.invalidConfiguration(explainer: descriptor.id,
                                                          reason: "\"decoder_layers\" is \(configuration.decoderLayers); give 1...\(layers)")
            }
            let attentions = try decoder.responseAttentions(layers: Array((layers - configuration.decoderLayers)..<layers))
            return ExpNetFeatures.decoder(attentions: attentions)
        }
    }

    /// The encoder subject's features (T,F): one forward pass.
    func features(of encoder: EncoderSubject) throws -> [Double] {
        guard !configuration.directions.isEmpty else {
            throw ExplainerError.invalidConfiguration(explainer: descriptor.id, reason: "\"directions\" is empty; give cls-to-token, token-to-cls or both")
        }
        let layer = try ExpNetFeatures.resolvedLayer(configuration.layer, layers: encoder.shape.layers, explainer: descriptor.id)
        let (_, attentions) = try encoder.forward()
        return ExpNetFeatures.encoder(attentions: attentions, layer: layer, directions: configuration.directions)
    }
}
