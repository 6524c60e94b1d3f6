import TensorCore

extension LlamaModel {
    /// log p(ids[t+1] | ids[...t]) for every t (T−1 values), in one pass.
    public func nextTokenLogProbs(_ ids: [Int32]) throws -> (logProbs: [Float], distribution: Tensor) {
        var cache = KVCache(config: config)
        guard ids.count >= 2 else { throw TransformerCoreError.invalidInput("next-token log-probabilities need at least 2 tokens") }
        let output = try forward(ids, cache: &cache, logProbPositions: Array(0..<ids.count))
        let distribution = output.logProbs!
        let v = config.vocabSize
        let next = (0..<(ids.count - 1)).map { distribution.storage[$0 * v + Int(ids[$0 + 1])] }
        return (next, distribution)
    }

    /// log p(response | prompt), teacher-forced in one pass: the sum of the response tokens' log-probabilities.
    public func logProbability(of response: [Int32], given prompt: [Int32]) throws -> Float {
        guard !prompt.isEmpty, !response.isEmpty else {
            throw TransformerCoreError.invalidInput("the log-probability of a response needs a non-empty prompt and response")
        }
        var cache = KVCache(config: config)
        let ids = prompt + response
        let positions = Array((prompt.count - 1)..<(ids.count - 1))
        let output = try forward(ids, cache: &cache, logProbPositions: positions)
        let v = config.vocabSize
        return response.enumerated().reduce(0) { $0 + output.logProbs!.storage[$1.offset * v + Int($1.element)] }
    }

    /// Greedy generation of at most `maxTokens` tokens after `prompt`, stopping after a stop token
    /// (end of sequence and `<|im_end|>` by default), with a KV cache.
    public func generate(prompt: [Int32], maxTokens: Int, stopTokens: Set<Int32>? = nil) throws -> [Int32] {
        let stops = stopTokens ?? Set([tokenizer.eosID, tokenizer.ids["<|im_end|>"]].compactMap { $0 })
        var cache = KVCache(config: config)
        var generated: [Int32] = []
        var input = prompt
        for _ in 0..<maxTokens {
            let output = try forward(input, cache: &cache, logProbPositions: [input.count - 1])
            let row = output.logProbs!.storage
            var best = 0
            for j in 1..<row.count where row[j] > row[best] { best = j }
            let token = Int32(best)
            generated.append(token)
            if stops.contains(token) { break }
            input = [token]
        }
        return generated
    }
}
