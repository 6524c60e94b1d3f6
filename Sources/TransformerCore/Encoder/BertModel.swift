import Foundation
import Logging
import TensorCore

/// A BERT-family encoder (classifier) ready to run: config, weights and its WordPiece tokenizer.
public final class BertModel: Sendable {
    /// The architecture.
    public let config: BertConfig
    /// The weights.
    public let weights: BertWeights
    /// The tokenizer from the model folder.
    public let tokenizer: WordPieceTokenizer
    /// The folder it was loaded from.
    public let folder: String
    /// The layer weights packed for passes with few rows (batch 1), made on first use.
    let packedWeights: BertPackedWeights

    /// The number of classes, or nil for an encoder without a classifier head.
    public var numLabels: Int? { weights.numLabels }

    /// Loads an HF model folder: `config.json`, `model.safetensors`, `vocab.txt`.
    public convenience init(folder: String) throws {
        let logger = Logger(label: "attribench.encoder")
        let config = try BertConfig.load(path: (folder as NSString).appendingPathComponent("config.json"))
        let file = try SafetensorsFile(path: (folder as NSString).appendingPathComponent("model.safetensors"))
        let weights = try BertWeights.load(from: file, config: config)
        let tokenizer = try WordPieceTokenizer(folder: folder, maximumLength: config.maxPositionEmbeddings)
        logger.debug("loaded BERT encoder", metadata: ["folder": "\(folder)", "layers": "\(config.numHiddenLayers)",
                                                       "labels": "\(weights.numLabels.map(String.init) ?? "none")"])
        self.init(weights: weights, tokenizer: tokenizer, folder: folder)
    }

    /// A model from weights in memory (tiny test models, fine-tuned checkpoints).
    public convenience init(weights: BertWeights, tokenizer: WordPieceTokenizer, folder: String = "<memory>") {
        self.init(weights: weights, tokenizer: tokenizer, folder: folder, packedWeights: BertPackedWeights())
    }

    private init(weights: BertWeights, tokenizer: WordPieceTokenizer, folder: String, packedWeights: BertPackedWeights) {
        self.config = weights.config
        self.weights = weights
        self.tokenizer = tokenizer
        self.folder = folder
        self.packedWeights = packedWeights
    }

    /// A copy with another classifier head (L,C), (L); it shares the packed layer weights.
    public func replacingClassifier(weight: Tensor, bias: Tensor) -> BertModel {
        var w = weights
        w.classifier = (weight, bias)
        return BertModel(weights: w, tokenizer: tokenizer, folder: folder, packedWeights: packedWeights)
    }
}
