import TensorCore

/// One decoder layer's weights, dequantised to Float at load (PyTorch Linear layout: (out, in)).
public struct LlamaLayerWeights: Sendable {
    /// RMSNorm before attention (C) and before the MLP (C).
    public var attentionNorm: Tensor, mlpNorm: Tensor
    /// Query (H·D, C), key (KVH·D, C), value (KVH·D, C) and output (C, H·D) projections.
    public var query: Tensor, key: Tensor, value: Tensor, output: Tensor
    /// SwiGLU gate (I, C), up (I, C) and down (C, I) projections.
    public var gate: Tensor, up: Tensor, down: Tensor
}

/// All weights of a llama decoder. Quantised GGUF weights are dequantised once at load: the matmuls
/// then run on OpenBLAS's float kernels (for a 135M model ≈ 0.6 GB of Float; see the README's note).
public struct LlamaWeights: Sendable {
    /// Token embeddings (V, C).
    public var embeddings: Tensor
    /// The layers.
    public var layers: [LlamaLayerWeights]
    /// Final RMSNorm (C).
    public var outputNorm: Tensor
    /// The output projection (V, C), or nil when it is tied to the embeddings.
    public var output: Tensor?

    /// Loads by llama.cpp's tensor names, strictly: a missing or mis-shaped tensor names itself, and a
    /// tensor the architecture does not use is an error.
    public static func load(from file: GGUFFile, config: LlamaConfig) throws -> LlamaWeights {
        var used: Set<String> = []
        func load(_ name: String, _ shape: [Int]) throws -> Tensor {
            guard let info = file.tensors[name] else { throw TransformerCoreError.missingTensor(path: file.path, name: name) }
            guard info.shape == shape else {
                throw TransformerCoreError.wrongShape(path: file.path, name: name, expected: shape, found: info.shape)
            }
            used.insert(name)
            return try file.tensor(name)
        }
        let c = config.hiddenSize, d = config.headDim, i = config.intermediateSize
        let layers = try (0..<config.layers).map { l in
            let p = "blk.\(l)."
            return LlamaLayerWeights(
                attentionNorm: try load(p + "attn_norm.weight", [c]), mlpNorm: try load(p + "ffn_norm.weight", [c]),
                query: try load(p + "attn_q.weight", [config.heads * d, c]),
                key: try load(p + "attn_k.weight", [config.kvHeads * d, c]),
                value: try load(p + "attn_v.weight", [config.kvHeads * d, c]),
                output: try load(p + "attn_output.weight", [c, config.heads * d]),
                gate: try load(p + "ffn_gate.weight", [i, c]), up: try load(p + "ffn_up.weight", [i, c]),
                down: try load(p + "ffn_down.weight", [c, i]))
        }
        let weights = LlamaWeights(
            embeddings: try load("token_embd.weight", [config.vocabSize, c]), layers: layers,
            outputNorm: try load("output_norm.weight", [c]),
            output: file.tensors["output.weight"] == nil ? nil : try load("output.weight", [config.vocabSize, c]))
        if let extra = file.tensorNames.first(where: { !used.contains($0) && $0 != "rope_freqs.weight" }) {
            throw TransformerCoreError.unexpectedTensor(path: file.path, name: extra)
        }
        return weights
    }
}
