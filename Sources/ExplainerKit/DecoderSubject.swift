import TensorCore
import TransformerCore

/// A decoder LM on one context-attribution input, as explainers see it: a prompt whose context is
/// split into sources, a response, the response's log-probability under any ablation of the sources,
/// attentions from the response tokens, and gradients to the input embeddings.
///
/// T tokens (prompt + response), R response tokens, C channels, H heads.
public final class DecoderSubject: Sendable {
    let model: LlamaModel
    let counter = PassCounter()
    /// The prompt's parts and the response, as token ids.
    public let context: AblationContext
    /// Each source's text (features).
    public let sources: [String]
    /// The response's text.
    public let response: String
    /// Every token of prompt + response, as text.
    public let tokens: [String]
    /// The source of each token; nil for the template, the question and the response.
    public let sourceIDs: [Int?]
    /// log p(response | full prompt) (computed when the subject is made; not counted as the explainer's).
    public let fullLogProbability: Float

    /// A subject from token-level parts; `sources` are the sources' texts.
    public init(model: LlamaModel, context: AblationContext, sources: [String], response: String) throws {
        if let empty = context.sources.firstIndex(where: \.isEmpty) {
            throw ExplainerError.emptyInput("source \(empty) has no tokens")
        }
        guard !context.response.isEmpty else { throw ExplainerError.emptyInput("the response is empty") }
        self.model = model
        self.context = context
        self.sources = sources
        self.response = response
        let ids = context.prompt() + context.response
        self.tokens = ids.map { model.tokenizer.decode([$0]) }
        var owners = [Int?](repeating: nil, count: context.prefix.count)
        for (index, source) in context.sources.enumerated() { owners += [Int?](repeating: index, count: source.count) }
        self.sourceIDs = owners + [Int?](repeating: nil, count: context.suffix.count + context.response.count)
        do {
            self.fullLogProbability = try model.logProbability(of: context.response, given: context.prompt())
        } catch {
            throw ExplainerError.model("\(error)")
        }
    }

    /// A question-answering subject in the model's chat template: the user message is
    /// `Context:\n<sources joined>\n\nQuestion: <question>`; the response is `response`, or the model's
    /// greedy answer (at most `maxResponseTokens`) when nil.
    public convenience init(model: LlamaModel, sources: [String], question: String, response: String? = nil,
                            maxResponseTokens: Int = 48) throws {
        let placeholder = "\u{1}SOURCES\u{1}"
        let rendered = model.chatTemplate.render([.init(role: "user", content: "Context:\n\(placeholder)\n\nQuestion: \(question)")])
        let parts = rendered.components(separatedBy: placeholder)
        let prefix = model.tokenizer.encode(parts[0]), suffix = model.tokenizer.encode(parts[1])
        let sourceIDs = sources.map(model.tokenizer.encode)
        var responseIDs: [Int32]
        if let response {
            responseIDs = model.tokenizer.encode(response)
        } else {
            do {
                let prompt = AblationContext(prefix: prefix, sources: sourceIDs, suffix: suffix, response: []).prompt()
                responseIDs = try model.generate(prompt: prompt, maxTokens: maxResponseTokens)
            } catch {
                throw ExplainerError.model("\(error)")
            }
            let stops = Set([model.tokenizer.eosID, model.tokenizer.ids["<|im_end|>"]].compactMap { $0 })
            if let last = responseIDs.last, stops.contains(last) { responseIDs.removeLast() }
        }
        try self.init(model: model, context: AblationContext(prefix: prefix, sources: sourceIDs, suffix: suffix, response: responseIDs),
                      sources: sources, response: response ?? model.tokenizer.decode(responseIDs))
    }

    /// Layers, query heads and hidden size of the model.
    public var shape: (layers: Int, heads: Int, hiddenSize: Int) {
        (model.config.layers, model.config.heads, model.config.hiddenSize)
    }

    /// The prompt's length in tokens (the response follows).
    public var promptLength: Int { context.prompt().count }

    // MARK: - Ablation

    /// log p(response | prompt keeping the sources each mask marks), one value per mask; a removed
    /// source is deleted (the AT2 / ContextCite convention). The prefix's cache is shared, and a mask
    /// repeated in `masks` is evaluated once.
    public func responseLogProbabilities(keeping masks: [[Bool]]) throws -> [Float] {
        try evaluatingDistinct(masks) { distinct in
            counter.add(forward: distinct.count)
            return try run { try model.responseLogProbabilities(context, masks: distinct) }
        }
    }

    // MARK: - Attentions

    /// Attention probabilities from each response token to every position, for `layers`:
    /// (layers, H, R, T).
    public func responseAttentions(layers: [Int]) throws -> Tensor {
        let ids = context.prompt() + context.response, start = promptLength
        counter.add(forward: 1)
        var cache = KVCache(config: model.config)
        let output = try run {
            try model.forward(ids, cache: &cache, attentionLayers: layers, attentionQueries: Array(start..<ids.count))
        }
        return output.attentions!
    }

    // MARK: - Gradients

    /// log p(response | full prompt) and its gradient with respect to the input embeddings (T,C).
    public func gradient() throws -> (value: Float, embeddings: [Float], gradient: [Float]) {
        let embeddings = inputEmbeddings()
        let result = try differentiate(at: embeddings, attentionGradients: false)
        return (result.value, embeddings, result.embeddings)
    }

    /// Runs a model call, turning its errors into `ExplainerError.model`.
    func run<R>(_ body: () throws -> R) throws -> R {
        do { return try body() } catch let error as ExplainerError { throw error } catch {
            throw ExplainerError.model("\(error)")
        }
    }
}
