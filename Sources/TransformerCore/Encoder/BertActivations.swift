/// What the backward pass needs from a forward pass, layer by layer (llm.c's ActivationTensors).
/// B batch, T tokens, C channels, H heads, I intermediate channels.
public struct BertActivations: Sendable {
    /// One layer's saved values.
    public struct Layer: Sendable {
        /// The layer's input (B·T, C).
        var input: [Float]
        /// Fused query/key/value projections (B·T, 3C).
        var qkv: [Float]
        /// Attention probabilities (B, H, T, T).
        var probs: [Float]
        /// Attention context before the output projection (B·T, C).
        var context: [Float]
        /// The rows of B·T that went on past the attention (the last layer's [CLS] rows), or nil for all;
        /// the values below hold only those rows (R = their count, else B·T).
        var keptRows: [Int]?
        /// The sum entering the first layer norm: input + attention output (R, C).
        var attentionResidual: [Float]
        /// Mean and reciprocal std of the first layer norm (R).
        var norm1Mean: [Float], norm1Rstd: [Float]
        /// The first layer norm's output (R, C).
        var norm1Out: [Float]
        /// Feed-forward pre-activation (R, I) and GELU output (R, I).
        var ffnPre: [Float], ffnAct: [Float]
        /// The sum entering the second layer norm: first norm's output + feed-forward output (R, C).
        var ffnResidual: [Float]
        /// Mean and reciprocal std of the second layer norm (R).
        var norm2Mean: [Float], norm2Rstd: [Float]
    }

    /// The summed input embeddings before the embedding layer norm (B·T, C).
    var embeddingSum: [Float]
    /// Mean and reciprocal std of the embedding layer norm (B·T).
    var embeddingMean: [Float], embeddingRstd: [Float]
    /// Per layer.
    var layers: [Layer]
    /// The final hidden state of every example's [CLS] token (B, C).
    var clsHidden: [Float]
    /// The pooler output (B, C), when the model has a pooler.
    var pooled: [Float]?
    /// The additive key mask (B, T): 0 or −∞.
    var additiveMask: [Float]
    /// Batch size and length.
    let batchSize: Int, length: Int
}
