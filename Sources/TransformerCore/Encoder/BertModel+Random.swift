import TensorCore

extension BertModel {
    /// A randomly initialised encoder classifier (normal weights × `scale`, layer norms near identity),
    /// seeded: tiny in-process models for tests and examples. The vocabulary is `[PAD] [UNK] [CLS]
    /// [SEP] [MASK]` followed by `w0 w1 …` up to `config.vocabSize` tokens.
    public static func random(config: BertConfig, numLabels: Int, seed: UInt64, scale: Float = 0.5) throws -> BertModel {
        try config.validate()
        var random = SeededRandom(seed: seed)
        func tensor(_ shape: [Int], around center: Float = 0) -> Tensor {
            Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in center + scale * Float(random.nextGaussian()) })
        }
        let c = config.hiddenSize, i = config.intermediateSize
        let layers = (0..<config.numHiddenLayers).map { _ in
            BertLayerWeights(qkvWeight: tensor([3 * c, c]), qkvBias: tensor([3 * c]),
                             attentionOutputWeight: tensor([c, c]), attentionOutputBias: tensor([c]),
                             attentionNormWeight: tensor([c], around: 1), attentionNormBias: tensor([c]),
                             intermediateWeight: tensor([i, c]), intermediateBias: tensor([i]),
                             outputWeight: tensor([c, i]), outputBias: tensor([c]),
                             outputNormWeight: tensor([c], around: 1), outputNormBias: tensor([c]))
        }
        let weights = BertWeights(
            config: config, wordEmbeddings: tensor([config.vocabSize, c]),
            positionEmbeddings: tensor([config.maxPositionEmbeddings, c]),
            tokenTypeEmbeddings: tensor([config.typeVocabSize, c]),
            embeddingNormWeight: tensor([c], around: 1), embeddingNormBias: tensor([c]), layers: layers,
            pooler: (tensor([c, c]), tensor([c])), classifier: (tensor([numLabels, c]), tensor([numLabels])))
        let vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + (5..<max(5, config.vocabSize)).map { "w\($0 - 5)" }
        let tokenizer = try WordPieceTokenizer(tokens: Array(vocabulary.prefix(max(5, config.vocabSize))),
                                               maximumLength: config.maxPositionEmbeddings)
        return BertModel(weights: weights, tokenizer: tokenizer, folder: "<random seed \(seed)>")
    }
}
