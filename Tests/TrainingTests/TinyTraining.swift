import TensorCore
import Training
import TransformerCore

/// Tiny seeded classifiers and batches for the training tests.
enum TinyTraining {
    /// 2 layers, 8 channels, 2 heads, 16 intermediate channels, 14 tokens, 8 positions.
    static let config = BertConfig(vocabSize: 14, hiddenSize: 8, numHiddenLayers: 2, numAttentionHeads: 2,
                                   intermediateSize: 16, maxPositionEmbeddings: 8)

    /// A random 3-class model's parameters (weights × 0.3 around identity layer norms).
    static func parameters(seed: UInt64 = 7, labels: Int = 3) throws -> BertParameterSet {
        let model = try BertModel.random(config: config, numLabels: labels, seed: seed, scale: 0.3)
        return BertParameterSet(weights: model.weights, numLabels: labels, seed: seed)
    }

    /// Three rows of lengths 6, 4 and 5 (so two are padded), with labels 0, 2, 1.
    static let batch = TrainingBatch(rows: [[2, 5, 9, 7, 13, 3], [2, 6, 11, 3], [2, 8, 8, 12, 3]],
                                     labels: [0, 2, 1], padID: 0)
}
