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
        let c = model.config.hiddenSize, t = tokens.count
        if let bad = points.first(where: { $0.count != t * c }) {
            throw ExplainerError.invalidTarget("an embedding point has \(bad.count) values, expected \(t)·\(c)")
        }
        return try points.map { point in
            let result = try differentiate(at: point, attentionGradients: false)
            return (result.value, result.embeddings)
        }
    }

    /// The positions whose next-token logits make up log p(response): the last prompt token up to the
    /// response's second-to-last token (R positions).
    public var targetPositions: [Int] { Array((promptLength - 1)..<(tokens.count - 1)) }

    /// log p(response | full prompt), every layer's attention probabilities (L,H,T,T) and their gradient
    /// (L,H,T,T; above the causal diagonal it multiplies probabilities that are 0). One forward and one
    /// backward pass.
    public func attentionGradients() throws -> (value: Float, attentions: Tensor, gradients: Tensor) {
        let result = try differentiate(at: inputEmbeddings(), attentionGradients: true)
        let shape = [model.config.layers, model.config.heads, tokens.count, tokens.count]
        return (result.value, Tensor(shape: shape, values: result.attentions!), Tensor(shape: shape, values: result.attentionGradients!))
    }

    /// One forward and backward pass of log p(response | prompt) at the embedding point `point` (T,C).
    func differentiate(at point: [Float], attentionGradients: Bool)
        throws -> (value: Float, embeddings: [Float], attentions: [Float]?, attentionGradients: [Float]?) {
        let ids = context.prompt() + context.response, v = model.config.vocabSize
        let positions = targetPositions
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
            let gradients = model.backward(activations, positions: positions, dLogits: dLogits, attentionGradients: attentionGradients)
            return (value, gradients.embeddings, attentionGradients ? activations.attentionProbabilities : nil,
                    gradients.attentionProbabilities)
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
