import TensorCore

extension BertLayerWeights {
    /// A layer from its tensors (fine-tuned or converted weights); shapes as documented on each field.
    /// (A factory because a struct cannot re-declare its memberwise initializer as public.)
    public static func make(qkvWeight: Tensor, qkvBias: Tensor, attentionOutputWeight: Tensor, attentionOutputBias: Tensor,
                attentionNormWeight: Tensor, attentionNormBias: Tensor, intermediateWeight: Tensor,
                intermediateBias: Tensor, outputWeight: Tensor, outputBias: Tensor, outputNormWeight: Tensor,
                outputNormBias: Tensor) -> BertLayerWeights {
        BertLayerWeights(qkvWeight: qkvWeight, qkvBias: qkvBias, attentionOutputWeight: attentionOutputWeight,
                         attentionOutputBias: attentionOutputBias, attentionNormWeight: attentionNormWeight,
                         attentionNormBias: attentionNormBias, intermediateWeight: intermediateWeight,
                         intermediateBias: intermediateBias, outputWeight: outputWeight, outputBias: outputBias,
                         outputNormWeight: outputNormWeight, outputNormBias: outputNormBias)
    }
}

extension BertWeights {
    /// Weights from their tensors (fine-tuned checkpoints built in memory); shapes as on each field.
    public static func make(config: BertConfig, wordEmbeddings: Tensor, positionEmbeddings: Tensor, tokenTypeEmbeddings: Tensor,
                embeddingNormWeight: Tensor, embeddingNormBias: Tensor, layers: [BertLayerWeights],
                pooler: (weight: Tensor, bias: Tensor)?, classifier: (weight: Tensor, bias: Tensor)?) -> BertWeights {
        BertWeights(config: config, wordEmbeddings: wordEmbeddings, positionEmbeddings: positionEmbeddings,
                    tokenTypeEmbeddings: tokenTypeEmbeddings, embeddingNormWeight: embeddingNormWeight,
                    embeddingNormBias: embeddingNormBias, layers: layers, pooler: pooler, classifier: classifier)
    }
}
