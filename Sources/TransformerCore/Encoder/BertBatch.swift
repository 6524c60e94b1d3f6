import TensorCore

/// A batch of encoder inputs, padded to one length: token ids or input word embeddings, a key mask
/// (1 keeps a key, 0 hides it: padding, or a token a perturbation removes) and token types.
public struct BertBatch: Sendable {
    /// Examples in the batch.
    public let batchSize: Int
    /// Tokens per example (the padded length).
    public let length: Int
    /// Token ids (B·T); `[PAD]` after each example's end.
    public var ids: [Int32]
    /// Which keys attention may see (B·T), 1 or 0.
    public var keyMask: [Float]
    /// Token type (segment) ids (B·T), 0 for single sentences.
    public var tokenTypes: [Int32]
    /// When set, used instead of looking `ids` up in the word embedding (B·T·C): gradients and
    /// integrated-gradient paths start here.
    public var wordEmbeddings: [Float]?

    /// A batch from equal-length id rows with an explicit mask.
    public init(ids: [Int32], keyMask: [Float], batchSize: Int, length: Int, tokenTypes: [Int32]? = nil,
                wordEmbeddings: [Float]? = nil) {
        precondition(ids.count == batchSize * length && keyMask.count == ids.count,
                     "BertBatch: ids and mask must hold batchSize·length values")
        self.batchSize = batchSize
        self.length = length
        self.ids = ids
        self.keyMask = keyMask
        self.tokenTypes = tokenTypes ?? [Int32](repeating: 0, count: ids.count)
        self.wordEmbeddings = wordEmbeddings
    }

    /// Pads `sequences` on the right with `padID` to the longest, masking the padding.
    public init(sequences: [[Int32]], padID: Int32) {
        let length = sequences.map(\.count).max() ?? 0
        var ids: [Int32] = [], mask: [Float] = []
        for sequence in sequences {
            ids += sequence + [Int32](repeating: padID, count: length - sequence.count)
            mask += [Float](repeating: 1, count: sequence.count) + [Float](repeating: 0, count: length - sequence.count)
        }
        self.init(ids: ids, keyMask: mask, batchSize: sequences.count, length: length)
    }
}

/// What a forward pass keeps besides the logits.
public struct BertForwardOptions: Sendable {
    /// Keep every layer's attention probabilities (L,B,H,T,T).
    public var attentions: Bool
    /// Keep the embedding output and every layer's output (L+1,B,T,C).
    public var hiddenStates: Bool
    /// Keep everything the backward pass needs.
    public var forBackward: Bool

    /// Options; by default only logits.
    public init(attentions: Bool = false, hiddenStates: Bool = false, forBackward: Bool = false) {
        self.attentions = attentions
        self.hiddenStates = hiddenStates
        self.forBackward = forBackward
    }
}

/// The results of a forward pass.
public struct BertOutput: Sendable {
    /// Class logits (B,L), or nil for an encoder without a classifier head.
    public var logits: Tensor?
    /// The pooled [CLS] representation (B,C), or nil without a pooler.
    public var pooled: Tensor?
    /// Every layer's attention probabilities (L,B,H,T,T), when asked.
    public var attentions: Tensor?
    /// The embedding output and each layer's output (L+1,B,T,C), when asked.
    public var hiddenStates: Tensor?
    /// Saved activations for `backward`, when asked.
    public var activations: BertActivations?
}
