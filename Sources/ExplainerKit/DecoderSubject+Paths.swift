import TensorCore
import TransformerCore

// What path-integral gradient methods and attention-graph methods need from a decoder beyond
// `DecoderSubject`'s basics: the input embeddings, gradients at arbitrary embedding points and every
// layer's full attention. T tokens (prompt + response), C channels, H heads, L layers.

extension DecoderSubject {
    /// The input embeddings of prompt + response (T,C): the point gradient methods differentiate at.
    public func inputEmbeddings() -> [Float] {
        let c = model.config.hiddenSize, table = model.weights.embeddings.storage
        return (context.prompt() + context.response).flatMap { table[(Int($0) * c)..<((Int($0) + 1) * c)] }
    }

    /// log p(response | prompt) and its gradient with respect to the input embeddings, at each point of
    /// `points` (each T·C values, positions as in the input); one forward and one backward pass per point.
    public func gradients(atEmbeddings points: [[Float]]) throws -> [(value: Float, gradient: [Float])] {
        let ids = context.prompt() + context.response, c = model.config.hiddenSize, v = model.config.vocabSize
        if let bad = points.first(where: { $0.count != ids.count * c }) {
            throw ExplainerError.invalidTarget("an embedding point has \(bad.count) values, expected \(ids.count)·\(c)")
        }
        let positions = Array((promptLength - 1)..<(ids.count - 1))
        return try points.map { point in
            counter.add(forward: 1, backward: 1)
            return try run {
                let (activations, logits) = try model.forwardForGradient(embeddings: point, positions: positions)
                var value: Float = 0
                var dLogits = [Float](repeating: 0, count: logits.count)
                for (row, position) in positions.enumerated() {
                    let next = Int(ids[position + 1]), slice = logits[(row * v)..<((row + 1) * v)]
                    value += TargetOutput.logProbability.value(logits: slice, target: next)
                    let g = TargetOutput.logProbability.gradient(logits: slice, target: next)
                    for j in 0..<v { dLogits[row * v + j] = g[j] }
                }
                return (value, model.backward(activations, positions: positions, dLogits: dLogits))
            }
        }
    }

    /// Every layer's attention probabilities from every position of prompt + response to every position
    /// (L,H,T,T; causal, so entries above the diagonal are 0). One forward pass.
    public func attentions() throws -> Tensor {
        let ids = context.prompt() + context.response
        counter.add(forward: 1)
        var cache = KVCache(config: model.config)
        let output = try run {
            try model.forward(ids, cache: &cache, attentionLayers: Array(0..<model.config.layers), attentionQueries: Array(ids.indices))
        }
        return output.attentions!
    }
}
