/// The architecture of a llama-family decoder, read from GGUF metadata (`<arch>.*` keys).
public struct LlamaConfig: Sendable, Equatable {
    /// Transformer layers (`block_count`).
    public var layers: Int
    /// Channels of the residual stream (`embedding_length`).
    public var hiddenSize: Int
    /// Channels of the feed-forward layer (`feed_forward_length`).
    public var intermediateSize: Int
    /// Query heads and key/value heads (grouped-query attention).
    public var heads: Int, kvHeads: Int
    /// Rotary base frequency (`rope.freq_base`).
    public var ropeBase: Float
    /// RMSNorm epsilon.
    public var rmsEpsilon: Float
    /// The longest context (`context_length`).
    public var contextLength: Int
    /// Vocabulary rows.
    public var vocabSize: Int

    /// Channels per head.
    public var headDim: Int { hiddenSize / heads }

    /// A configuration from explicit values (tiny test models).
    public init(layers: Int, hiddenSize: Int, intermediateSize: Int, heads: Int, kvHeads: Int, ropeBase: Float = 10_000,
                rmsEpsilon: Float = 1e-5, contextLength: Int = 64, vocabSize: Int) throws {
        self.layers = layers
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.heads = heads
        self.kvHeads = kvHeads
        self.ropeBase = ropeBase
        self.rmsEpsilon = rmsEpsilon
        self.contextLength = contextLength
        self.vocabSize = vocabSize
        try validate(path: "config")
    }

    /// Reads and validates the architecture of `file`.
    public init(gguf file: GGUFFile) throws {
        let arch = try file.string("general.architecture")
        guard arch == "llama" else {
            throw TransformerCoreError.invalidConfig(path: file.path, field: "general.architecture",
                                                     reason: "is \"\(arch)\"; only the llama architecture is supported")
        }
        layers = try file.integer("llama.block_count")
        hiddenSize = try file.integer("llama.embedding_length")
        intermediateSize = try file.integer("llama.feed_forward_length")
        heads = try file.integer("llama.attention.head_count")
        kvHeads = (try? file.integer("llama.attention.head_count_kv")) ?? heads
        ropeBase = Float((try? file.number("llama.rope.freq_base")) ?? 10_000)
        rmsEpsilon = Float(try file.number("llama.attention.layer_norm_rms_epsilon"))
        contextLength = try file.integer("llama.context_length")
        guard case .array(_, let tokens)? = file.metadata["tokenizer.ggml.tokens"] else {
            throw TransformerCoreError.invalidConfig(path: file.path, field: "tokenizer.ggml.tokens", reason: "is missing")
        }
        vocabSize = (try? file.integer("llama.vocab_size")) ?? tokens.count
        try validate(path: file.path)
    }

    func validate(path: String) throws {
        func invalid(_ field: String, _ reason: String) -> TransformerCoreError {
            .invalidConfig(path: path, field: field, reason: reason)
        }
        for (field, value) in [("llama.block_count", layers), ("llama.embedding_length", hiddenSize),
                               ("llama.feed_forward_length", intermediateSize), ("llama.attention.head_count", heads),
                               ("llama.attention.head_count_kv", kvHeads), ("llama.context_length", contextLength)]
        where value <= 0 || value > 1 << 20 {
            throw invalid(field, "must be a positive size, found \(value)")
        }
        guard hiddenSize % heads == 0, headDim % 2 == 0 else {
            throw invalid("llama.embedding_length", "(\(hiddenSize)) must split into \(heads) heads of even size")
        }
        guard heads % kvHeads == 0 else {
            throw invalid("llama.attention.head_count_kv", "(\(kvHeads)) must divide head_count (\(heads))")
        }
    }
}
