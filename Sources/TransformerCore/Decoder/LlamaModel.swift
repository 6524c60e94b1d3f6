import Foundation
import Logging
import TensorCore

/// A llama-family decoder LM loaded from GGUF: config, weights, tokenizer and chat template.
public final class LlamaModel: Sendable {
    /// The architecture.
    public let config: LlamaConfig
    /// The weights (dequantised to Float).
    public let weights: LlamaWeights
    /// The byte-level BPE tokenizer from the GGUF metadata.
    public let tokenizer: BytePairEncoding
    /// The chat template.
    public let chatTemplate: ChatTemplate
    /// The file it was loaded from.
    public let path: String

    /// Loads the GGUF file at `path`.
    public init(path: String) throws {
        let logger = Logger(label: "attribench.decoder")
        let file = try GGUFFile(path: path)
        config = try LlamaConfig(gguf: file)
        weights = try LlamaWeights.load(from: file, config: config)
        tokenizer = try BytePairEncoding(gguf: file)
        chatTemplate = .smolLM2
        self.path = path
        logger.debug("loaded llama decoder", metadata: ["path": "\(path)", "layers": "\(config.layers)"])
    }

    /// A model from weights in memory (tiny test models).
    public init(config: LlamaConfig, weights: LlamaWeights, tokenizer: BytePairEncoding, path: String = "<memory>") {
        self.config = config
        self.weights = weights
        self.tokenizer = tokenizer
        self.chatTemplate = .smolLM2
        self.path = path
    }

    /// A randomly initialised model (normal weights × `scale`, norms near 1), seeded, with a byte-level
    /// vocabulary of the first `config.vocabSize` byte characters: tiny in-process models for tests.
    public static func random(config: LlamaConfig, seed: UInt64, scale: Float = 0.3) throws -> LlamaModel {
        var random = SeededRandom(seed: seed)
        func tensor(_ shape: [Int], around center: Float = 0) -> Tensor {
            Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in center + scale * Float(random.nextGaussian()) })
        }
        let c = config.hiddenSize, d = config.headDim, i = config.intermediateSize
        let layers = (0..<config.layers).map { _ in
            LlamaLayerWeights(attentionNorm: tensor([c], around: 1), mlpNorm: tensor([c], around: 1),
                              query: tensor([config.heads * d, c]), key: tensor([config.kvHeads * d, c]),
                              value: tensor([config.kvHeads * d, c]), output: tensor([c, config.heads * d]),
                              gate: tensor([i, c]), up: tensor([i, c]), down: tensor([c, i]))
        }
        let weights = LlamaWeights(embeddings: tensor([config.vocabSize, c]), layers: layers,
                                   outputNorm: tensor([c], around: 1), output: nil)
        let tokens = (0..<config.vocabSize).map { String(BytePairEncoding.byteToCharacter[$0 % 256]) + ($0 < 256 ? "" : "\($0)") }
        let tokenizer = try BytePairEncoding(tokens: tokens, merges: [], specialTokens: [], preTokenizer: .gpt2, bosID: nil, eosID: nil)
        return LlamaModel(config: config, weights: weights, tokenizer: tokenizer, path: "<random seed \(seed)>")
    }

    /// The ids of a chat prompt (template, generation prompt included).
    public func chatPromptIDs(_ messages: [ChatTemplate.Message]) -> [Int32] {
        tokenizer.encode(chatTemplate.render(messages))
    }
}

/// What a decoder forward pass returns.
public struct LlamaOutput: Sendable {
    /// Log-probabilities over the vocabulary at each requested position (P, V).
    public var logProbs: Tensor?
    /// The positions (within the new tokens) that `logProbs` rows belong to.
    public var logProbPositions: [Int]
    /// Attention probabilities for the requested layers, from the requested query positions to every
    /// position so far: (layers, H, queries, total length).
    public var attentions: Tensor?
}
