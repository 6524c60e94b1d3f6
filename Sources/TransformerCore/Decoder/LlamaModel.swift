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
