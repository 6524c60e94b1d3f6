import TensorCore
import TransformerCore

/// Every trainable parameter of a BERT encoder classifier as one flat list of buffers, in a fixed
/// order (embeddings, each layer, pooler, classifier), with the names, shapes and weight-decay flags
/// the optimizer and the checkpoint writer need. Gradients and optimizer moments share the layout.
/// C channels, I intermediate channels, L labels; Q, K and V stay fused as in `BertLayerWeights`.
public struct BertParameterSet: Sendable, Equatable {
    /// The architecture.
    public let config: BertConfig
    /// The number of classes.
    public let numLabels: Int
    /// The values of every parameter, in `names` order.
    public var values: [[Float]]

    /// Parameters before the first layer: word, position and token-type embeddings, embedding norm.
    static let wordEmbeddings = 0, positionEmbeddings = 1, tokenTypeEmbeddings = 2
    static let embeddingNormWeight = 3, embeddingNormBias = 4
    static let perLayer = 12

    /// Offsets of a layer's parameters from the layer's first index.
    enum LayerSlot: Int, CaseIterable {
        case qkvWeight, qkvBias, attentionOutputWeight, attentionOutputBias, attentionNormWeight, attentionNormBias
        case intermediateWeight, intermediateBias, outputWeight, outputBias, outputNormWeight, outputNormBias

        var name: String {
            switch self {
            case .qkvWeight: "attention.self.qkv.weight"
            case .qkvBias: "attention.self.qkv.bias"
            case .attentionOutputWeight: "attention.output.dense.weight"
            case .attentionOutputBias: "attention.output.dense.bias"
            case .attentionNormWeight: "attention.output.LayerNorm.weight"
            case .attentionNormBias: "attention.output.LayerNorm.bias"
            case .intermediateWeight: "intermediate.dense.weight"
            case .intermediateBias: "intermediate.dense.bias"
            case .outputWeight: "output.dense.weight"
            case .outputBias: "output.dense.bias"
            case .outputNormWeight: "output.LayerNorm.weight"
            case .outputNormBias: "output.LayerNorm.bias"
            }
        }
    }

    /// The index of a layer parameter.
    func index(layer: Int, _ slot: LayerSlot) -> Int { 5 + layer * Self.perLayer + slot.rawValue }
    /// Pooler and classifier indices.
    var poolerWeight: Int { 5 + config.numHiddenLayers * Self.perLayer }
    var poolerBias: Int { poolerWeight + 1 }
    var classifierWeight: Int { poolerWeight + 2 }
    var classifierBias: Int { poolerWeight + 3 }

    /// The parameter names (HF names under `bert.`, with the fused `qkv`), in order.
    public var names: [String] {
        var names = ["bert.embeddings.word_embeddings.weight", "bert.embeddings.position_embeddings.weight",
                     "bert.embeddings.token_type_embeddings.weight", "bert.embeddings.LayerNorm.weight",
                     "bert.embeddings.LayerNorm.bias"]
        for layer in 0..<config.numHiddenLayers {
            names += LayerSlot.allCases.map { "bert.encoder.layer.\(layer).\($0.name)" }
        }
        return names + ["bert.pooler.dense.weight", "bert.pooler.dense.bias", "classifier.weight", "classifier.bias"]
    }

    /// The shape of every parameter, in order.
    public var shapes: [[Int]] {
        let c = config.hiddenSize, i = config.intermediateSize
        var shapes = [[config.vocabSize, c], [config.maxPositionEmbeddings, c], [config.typeVocabSize, c], [c], [c]]
        for _ in 0..<config.numHiddenLayers {
            shapes += [[3 * c, c], [3 * c], [c, c], [c], [c], [c], [i, c], [i], [c, i], [c], [c], [c]]
        }
        return shapes + [[c, c], [c], [numLabels, c], [numLabels]]
    }

    /// Whether AdamW decays each parameter: every weight matrix and embedding, but no bias and no
    /// LayerNorm weight (the grouping of HF's `run_glue.py` and BERT's original optimizer).
    public var decays: [Bool] {
        names.map { !$0.hasSuffix(".bias") && !$0.contains("LayerNorm") }
    }

    /// The total number of scalars.
    public var scalarCount: Int { values.reduce(0) { $0 + $1.count } }

    /// Zeros in this layout (gradients, optimizer moments).
    public func zeros() -> BertParameterSet {
        BertParameterSet(config: config, numLabels: numLabels, values: values.map { [Float](repeating: 0, count: $0.count) })
    }

    /// Parameters in this layout over explicit values; each buffer must hold its shape's count.
    public init(config: BertConfig, numLabels: Int, values: [[Float]]) {
        self.config = config
        self.numLabels = numLabels
        self.values = values
        let expected = shapes.map { $0.reduce(1, *) }
        precondition(values.map(\.count) == expected, "BertParameterSet: buffer sizes do not match the layout")
    }

    /// The parameters of `weights`. A missing pooler or classifier head is initialised as HF does for
    /// a new head: normal(0, 0.02) weights and zero biases, from `seed`.
    public init(weights: BertWeights, numLabels: Int, seed: UInt64) {
        var random = SeededRandom(seed: seed)
        func normal(_ count: Int) -> [Float] { (0..<count).map { _ in Float(0.02 * random.nextGaussian()) } }
        let c = weights.config.hiddenSize
        var values = [weights.wordEmbeddings.storage, weights.positionEmbeddings.storage,
                      weights.tokenTypeEmbeddings.storage, weights.embeddingNormWeight.storage,
                      weights.embeddingNormBias.storage]
        for layer in weights.layers {
            values += [layer.qkvWeight.storage, layer.qkvBias.storage, layer.attentionOutputWeight.storage,
                       layer.attentionOutputBias.storage, layer.attentionNormWeight.storage, layer.attentionNormBias.storage,
                       layer.intermediateWeight.storage, layer.intermediateBias.storage, layer.outputWeight.storage,
                       layer.outputBias.storage, layer.outputNormWeight.storage, layer.outputNormBias.storage]
        }
        let pooler = weights.pooler.map { [$0.weight.storage, $0.bias.storage] } ?? [normal(c * c), [Float](repeating: 0, count: c)]
        let classifier: [[Float]]
        if let head = weights.classifier, head.bias.count == numLabels {
            classifier = [head.weight.storage, head.bias.storage]
        } else {
            classifier = [normal(numLabels * c), [Float](repeating: 0, count: numLabels)]
        }
        self.init(config: weights.config, numLabels: numLabels, values: values + pooler + classifier)
    }

    /// The parameters as `BertWeights` with a pooler and a classifier, for inference and export.
    public func weights(id2label: [String: String]? = nil) -> BertWeights {
        let s = shapes
        func t(_ i: Int) -> Tensor { Tensor(shape: s[i], values: values[i]) }
        let layers = (0..<config.numHiddenLayers).map { l -> BertLayerWeights in
            func p(_ slot: LayerSlot) -> Tensor { t(index(layer: l, slot)) }
            return BertLayerWeights.make(
                qkvWeight: p(.qkvWeight), qkvBias: p(.qkvBias),
                attentionOutputWeight: p(.attentionOutputWeight), attentionOutputBias: p(.attentionOutputBias),
                attentionNormWeight: p(.attentionNormWeight), attentionNormBias: p(.attentionNormBias),
                intermediateWeight: p(.intermediateWeight), intermediateBias: p(.intermediateBias),
                outputWeight: p(.outputWeight), outputBias: p(.outputBias),
                outputNormWeight: p(.outputNormWeight), outputNormBias: p(.outputNormBias))
        }
        var config = self.config
        if let id2label { config.id2label = id2label }
        return BertWeights.make(
            config: config, wordEmbeddings: t(Self.wordEmbeddings), positionEmbeddings: t(Self.positionEmbeddings),
            tokenTypeEmbeddings: t(Self.tokenTypeEmbeddings), embeddingNormWeight: t(Self.embeddingNormWeight),
            embeddingNormBias: t(Self.embeddingNormBias), layers: layers,
            pooler: (weight: t(poolerWeight), bias: t(poolerBias)),
            classifier: (weight: t(classifierWeight), bias: t(classifierBias)))
    }
}
