import AttriJSON

/// The architecture of a BERT-family encoder, read from an HF `config.json`.
public struct BertConfig: Sendable, Equatable, Decodable {
    /// Vocabulary rows of the word embedding.
    public var vocabSize: Int
    /// Channels of every hidden state.
    public var hiddenSize: Int
    /// Transformer layers.
    public var numHiddenLayers: Int
    /// Attention heads per layer.
    public var numAttentionHeads: Int
    /// Channels of the feed-forward layer.
    public var intermediateSize: Int
    /// Position embedding rows: the longest input.
    public var maxPositionEmbeddings: Int
    /// Token-type (segment) embedding rows.
    public var typeVocabSize: Int
    /// Layer-norm epsilon.
    public var layerNormEps: Double
    /// Activation of the feed-forward layer; only "gelu" (exact erf) is supported.
    public var hiddenAct: String
    /// Class names by index, for classifiers.
    public var id2label: [String: String]?
    /// The padding token id.
    public var padTokenId: Int

    enum CodingKeys: String, CodingKey {
        case vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, maxPositionEmbeddings
        case typeVocabSize, layerNormEps, hiddenAct, id2label, padTokenId
    }

    /// A configuration from explicit values (tiny test models, checkpoints written by the project).
    public init(vocabSize: Int, hiddenSize: Int, numHiddenLayers: Int, numAttentionHeads: Int,
                intermediateSize: Int, maxPositionEmbeddings: Int, typeVocabSize: Int = 2,
                layerNormEps: Double = 1e-12, hiddenAct: String = "gelu", id2label: [String: String]? = nil,
                padTokenId: Int = 0) {
        self.vocabSize = vocabSize
        self.hiddenSize = hiddenSize
        self.numHiddenLayers = numHiddenLayers
        self.numAttentionHeads = numAttentionHeads
        self.intermediateSize = intermediateSize
        self.maxPositionEmbeddings = maxPositionEmbeddings
        self.typeVocabSize = typeVocabSize
        self.layerNormEps = layerNormEps
        self.hiddenAct = hiddenAct
        self.id2label = id2label
        self.padTokenId = padTokenId
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        vocabSize = try c.decode(Int.self, forKey: .vocabSize)
        hiddenSize = try c.decode(Int.self, forKey: .hiddenSize)
        numHiddenLayers = try c.decode(Int.self, forKey: .numHiddenLayers)
        numAttentionHeads = try c.decode(Int.self, forKey: .numAttentionHeads)
        intermediateSize = try c.decode(Int.self, forKey: .intermediateSize)
        maxPositionEmbeddings = try c.decode(Int.self, forKey: .maxPositionEmbeddings)
        typeVocabSize = try c.decodeIfPresent(Int.self, forKey: .typeVocabSize) ?? 2
        layerNormEps = try c.decodeIfPresent(Double.self, forKey: .layerNormEps) ?? 1e-12
        hiddenAct = try c.decodeIfPresent(String.self, forKey: .hiddenAct) ?? "gelu"
        id2label = try c.decodeIfPresent([String: String].self, forKey: .id2label)
        padTokenId = try c.decodeIfPresent(Int.self, forKey: .padTokenId) ?? 0
    }

    /// Reads and validates `config.json` at `path`; HF's many other keys are ignored.
    public static func load(path: String) throws -> BertConfig {
        let config: BertConfig
        do {
            config = try JSONValueDecoder(rejectUnknownKeys: false).decode(BertConfig.self, fromFile: path)
        } catch let error as JSONError {
            throw TransformerCoreError.invalidConfig(path: path, field: "config.json", reason: "cannot be read: \(error)")
        }
        try config.validate(path: path)
        return config
    }

    /// Checks that the values describe a model this encoder can run.
    public func validate(path: String = "config") throws {
        func invalid(_ field: String, _ reason: String) -> TransformerCoreError {
            .invalidConfig(path: path, field: field, reason: reason)
        }
        for (field, value) in [("vocab_size", vocabSize), ("hidden_size", hiddenSize), ("num_hidden_layers", numHiddenLayers),
                               ("num_attention_heads", numAttentionHeads), ("intermediate_size", intermediateSize),
                               ("max_position_embeddings", maxPositionEmbeddings), ("type_vocab_size", typeVocabSize)]
        where value <= 0 || value > 1_000_000 {
            throw invalid(field, "must be a positive size (at most 1,000,000), found \(value)")
        }
        guard hiddenSize % numAttentionHeads == 0 else {
            throw invalid("hidden_size", "(\(hiddenSize)) must be divisible by num_attention_heads (\(numAttentionHeads))")
        }
        guard hiddenAct == "gelu" else {
            throw invalid("hidden_act", "is \"\(hiddenAct)\"; only \"gelu\" (exact erf, as BERT uses) is supported")
        }
        guard layerNormEps > 0 && layerNormEps < 1 else { throw invalid("layer_norm_eps", "must be in (0, 1), found \(layerNormEps)") }
    }

    /// Channels per head.
    public var headDim: Int { hiddenSize / numAttentionHeads }

    /// The class names in index order (`LABEL_i` where the config has none), for `numLabels` classes.
    public func labelNames(numLabels: Int) -> [String] {
        (0..<numLabels).map { id2label?[String($0)] ?? "LABEL_\($0)" }
    }
}
