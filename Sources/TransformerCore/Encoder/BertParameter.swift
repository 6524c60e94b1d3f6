/// Every named parameter of a BERT encoder classifier, and the one pure mapping from HF checkpoint
/// names to them. Both a bare `BertModel` (`embeddings.*`, `encoder.layer.N.*`, `pooler.dense.*`) and a
/// `BertForSequenceClassification` checkpoint (the same under `bert.`, plus `classifier.*`) map here.
public enum BertParameter: Hashable, Sendable {
    case wordEmbeddings, positionEmbeddings, tokenTypeEmbeddings, embeddingNormWeight, embeddingNormBias
    case layer(Int, BertLayerParameter)
    case poolerWeight, poolerBias, classifierWeight, classifierBias

    /// Checkpoint buffers that are not weights and are recognised and skipped.
    public static let knownBuffers: Set<String> = ["embeddings.position_ids", "bert.embeddings.position_ids"]

    /// The parameter an HF checkpoint name denotes, or nil when the name is not a BERT parameter.
    public static func from(checkpointName name: String) -> BertParameter? {
        var rest = Substring(name)
        if rest.hasPrefix("bert.") { rest = rest.dropFirst(5) }
        switch rest {
        case "embeddings.word_embeddings.weight": return .wordEmbeddings
        case "embeddings.position_embeddings.weight": return .positionEmbeddings
        case "embeddings.token_type_embeddings.weight": return .tokenTypeEmbeddings
        case "embeddings.LayerNorm.weight": return .embeddingNormWeight
        case "embeddings.LayerNorm.bias": return .embeddingNormBias
        case "pooler.dense.weight": return .poolerWeight
        case "pooler.dense.bias": return .poolerBias
        case "classifier.weight" where !name.hasPrefix("bert."): return .classifierWeight
        case "classifier.bias" where !name.hasPrefix("bert."): return .classifierBias
        default: break
        }
        let prefix = "encoder.layer."
        guard rest.hasPrefix(prefix) else { return nil }
        let afterPrefix = rest.dropFirst(prefix.count)
        guard let dot = afterPrefix.firstIndex(of: "."), let index = Int(afterPrefix[..<dot]), index >= 0,
              let parameter = BertLayerParameter(rawValue: String(afterPrefix[afterPrefix.index(after: dot)...]))
        else { return nil }
        return .layer(index, parameter)
    }

    /// The HF name of this parameter in a `BertForSequenceClassification` checkpoint.
    public var checkpointName: String {
        switch self {
        case .wordEmbeddings: "bert.embeddings.word_embeddings.weight"
        case .positionEmbeddings: "bert.embeddings.position_embeddings.weight"
        case .tokenTypeEmbeddings: "bert.embeddings.token_type_embeddings.weight"
        case .embeddingNormWeight: "bert.embeddings.LayerNorm.weight"
        case .embeddingNormBias: "bert.embeddings.LayerNorm.bias"
        case .layer(let i, let p): "bert.encoder.layer.\(i).\(p.rawValue)"
        case .poolerWeight: "bert.pooler.dense.weight"
        case .poolerBias: "bert.pooler.dense.bias"
        case .classifierWeight: "classifier.weight"
        case .classifierBias: "classifier.bias"
        }
    }

    /// The shape `config` requires (`numLabels` for the classifier).
    public func expectedShape(_ config: BertConfig, numLabels: Int) -> [Int] {
        let c = config.hiddenSize
        switch self {
        case .wordEmbeddings: return [config.vocabSize, c]
        case .positionEmbeddings: return [config.maxPositionEmbeddings, c]
        case .tokenTypeEmbeddings: return [config.typeVocabSize, c]
        case .embeddingNormWeight, .embeddingNormBias, .poolerBias: return [c]
        case .poolerWeight: return [c, c]
        case .classifierWeight: return [numLabels, c]
        case .classifierBias: return [numLabels]
        case .layer(_, let p): return p.expectedShape(config)
        }
    }
}

/// The parameters of one encoder layer, by their HF names below `encoder.layer.N.`.
public enum BertLayerParameter: String, CaseIterable, Hashable, Sendable {
    case queryWeight = "attention.self.query.weight", queryBias = "attention.self.query.bias"
    case keyWeight = "attention.self.key.weight", keyBias = "attention.self.key.bias"
    case valueWeight = "attention.self.value.weight", valueBias = "attention.self.value.bias"
    case attentionOutputWeight = "attention.output.dense.weight", attentionOutputBias = "attention.output.dense.bias"
    case attentionNormWeight = "attention.output.LayerNorm.weight", attentionNormBias = "attention.output.LayerNorm.bias"
    case intermediateWeight = "intermediate.dense.weight", intermediateBias = "intermediate.dense.bias"
    case outputWeight = "output.dense.weight", outputBias = "output.dense.bias"
    case outputNormWeight = "output.LayerNorm.weight", outputNormBias = "output.LayerNorm.bias"

    /// The shape `config` requires.
    public func expectedShape(_ config: BertConfig) -> [Int] {
        let c = config.hiddenSize, i = config.intermediateSize
        switch self {
        case .queryWeight, .keyWeight, .valueWeight, .attentionOutputWeight: return [c, c]
        case .intermediateWeight: return [i, c]
        case .outputWeight: return [c, i]
        case .intermediateBias: return [i]
        default: return [c]
        }
    }
}
