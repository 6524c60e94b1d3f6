import TensorCore

/// A prompt whose context is split into sources, for context attribution: the prompt is
/// `prefix + sources… + suffix`, and the quantity of interest is log p(response | prompt).
/// Ablating a source deletes its tokens (the AT2 / ContextCite convention).
public struct AblationContext: Sendable {
    /// Tokens before the first source (chat template, instructions).
    public var prefix: [Int32]
    /// Each source's tokens, in order.
    public var sources: [[Int32]]
    /// Tokens after the last source (the question, the generation prompt).
    public var suffix: [Int32]
    /// The response whose log-probability is measured.
    public var response: [Int32]

    /// A context from its parts.
    public init(prefix: [Int32], sources: [[Int32]], suffix: [Int32], response: [Int32]) {
        self.prefix = prefix
        self.sources = sources
        self.suffix = suffix
        self.response = response
    }

    /// The prompt with the sources `keep` marks (all when nil).
    public func prompt(keeping keep: [Bool]? = nil) -> [Int32] {
        var ids = prefix
        for (index, source) in sources.enumerated() where keep?[index] ?? true { ids += source }
        return ids + suffix
    }
}

extension LlamaModel {
    /// log p(response | prompt with the sources each mask keeps), for every mask. The KV cache of the
    /// prefix (all but its last token) is computed once and shared; masks run side by side, one per thread.
    public func responseLogProbabilities(_ context: AblationContext, masks: [[Bool]]) throws -> [Float] {
        guard !context.response.isEmpty else { throw TransformerCoreError.invalidInput("the response is empty") }
        if let bad = masks.first(where: { $0.count != context.sources.count }) {
            throw TransformerCoreError.invalidInput("a mask has \(bad.count) entries for \(context.sources.count) sources")
        }
        var prefixCache = KVCache(config: config)
        if context.prefix.count > 1 { _ = try forward(Array(context.prefix.dropLast()), cache: &prefixCache) }
        let shared = prefixCache, cached = max(0, context.prefix.count - 1)
        let results = LockedValue([Result<Float, Error>](repeating: .success(0), count: masks.count))
        parallelFor(masks.count, workPerItem: Int.max / 4) { index in
            let outcome = Result { () throws -> Float in
                var cache = shared
                let rest = Array(context.prompt(keeping: masks[index]).dropFirst(cached))
                guard !rest.isEmpty else {
                    throw TransformerCoreError.invalidInput("mask \(index) leaves an empty prompt: nothing predicts the response")
                }
                let ids = rest + context.response
                let positions = Array((rest.count - 1)..<(ids.count - 1))
                let output = try forward(ids, cache: &cache, logProbPositions: positions)
                let v = config.vocabSize
                return positions.enumerated().reduce(0) { $0 + output.logProbs!.storage[$1.offset * v + Int(ids[$1.element + 1])] }
            }
            results.withLock { $0[index] = outcome }
        }
        return try results.withLock { $0 }.map { try $0.get() }
    }
}
