import ExplainerKit
import TransformerCore

/// Tiny in-process models and inputs for fast explainer tests: a 2-layer BERT classifier whose
/// vocabulary has sub-word pieces, and a 2-layer llama decoder over bytes. Seeded, so every run sees
/// the same weights.
public enum TinyModels {
    /// A tiny BERT classifier (2 layers, 2 heads, hidden 16, 3 labels). Its vocabulary is `[PAD] [UNK]
    /// [CLS] [SEP] [MASK] w0 … w29 ##s ##ing`, so `w3s` is two tokens.
    public static func encoder(seed: UInt64 = 7) throws -> BertModel {
        let config = BertConfig(vocabSize: 37, hiddenSize: 16, numHiddenLayers: 2, numAttentionHeads: 2,
                                intermediateSize: 32, maxPositionEmbeddings: 64,
                                id2label: ["0": "negative", "1": "neutral", "2": "positive"])
        let random = try BertModel.random(config: config, numLabels: 3, seed: seed, scale: 0.4)
        let tokens = Array(random.tokenizer.tokens.prefix(35)) + ["##s", "##ing"]
        let tokenizer = try WordPieceTokenizer(tokens: tokens, maximumLength: 64)
        return BertModel(weights: random.weights, tokenizer: tokenizer, folder: "<tiny encoder seed \(seed)>")
    }

    /// A tiny llama decoder over a 256-byte vocabulary (2 layers, 4 query / 2 key-value heads, hidden 16).
    public static func decoder(seed: UInt64 = 11) throws -> LlamaModel {
        let config = try LlamaConfig(layers: 2, hiddenSize: 16, intermediateSize: 32, heads: 4, kvHeads: 2,
                                     contextLength: 128, vocabSize: 256)
        return try LlamaModel.random(config: config, seed: seed, scale: 0.3)
    }

    /// Encoder inputs of several lengths, one with a word split into pieces and one truncation-free long one.
    public static let encoderSentences: [[String]] = [
        ["w1", "w2", "w3"],
        ["w4", "w5s", "w6", "w7ing", "w8"],
        ["w9"],
        (0..<20).map { "w\(($0 * 7) % 30)" },
        // A word the tokenizer's clean-up removes (a lone zero-width joiner, as in HateXplain): no tokens.
        ["w2", "\u{200D}", "w3", "w5s"],
    ]

    /// Encoder subjects for `encoderSentences`.
    public static func encoderSubjects(model: BertModel, maximumBatchRows: Int = 64) throws -> [ExplanationSubject] {
        try encoderSentences.map { .encoder(try EncoderSubject(model: model, words: $0, maximumBatchRows: maximumBatchRows)) }
    }

    /// Decoder inputs: sources, a question and a response, byte-tokenised.
    public static let decoderInputs: [(sources: [String], question: String, response: String)] = [
        (["The cat sat. ", "It was red. ", "Dogs bark."], " Color?", " red"),
        (["One source only."], " What?", " only"),
        (["a", "b", "c", "d", "e"], " ?", " e"),
    ]

    /// Decoder subjects for `decoderInputs`, with a short prompt around the sources.
    public static func decoderSubjects(model: LlamaModel) throws -> [ExplanationSubject] {
        try decoderInputs.map { input in
            let encode = model.tokenizer.encode
            let context = AblationContext(prefix: encode("Ctx:"), sources: input.sources.map(encode),
                                          suffix: encode(input.question + "\nA:"), response: encode(input.response))
            return .decoder(try DecoderSubject(model: model, context: context, sources: input.sources, response: input.response))
        }
    }
}
