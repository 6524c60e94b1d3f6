import NumericTestKit
import TensorCore
import Testing
@testable import TransformerCore

/// The encoder's backward pass against central finite differences in Double on a tiny random model,
/// and against PyTorch's autograd on the real one.
@Suite struct EncoderGradientTests {
    static let tiny = try! BertModel.random(
        config: BertConfig(vocabSize: 12, hiddenSize: 8, numHiddenLayers: 2, numAttentionHeads: 2, intermediateSize: 12,
                           maxPositionEmbeddings: 10),
        numLabels: 3, seed: 42)

    /// Two examples, the second padded, with a cotangent on all logits.
    static let ids: [[Int32]] = [[2, 7, 9, 5, 3], [2, 6, 3]]
    static let dLogits: [Float] = [0.3, -1.0, 0.7, 1.1, 0.2, -0.4]

    /// Without hidden states the last layer runs only the [CLS] rows past its attention; with them, every
    /// row: both paths must give the reference's logits and gradients.
    @Test(arguments: [false, true])
    func forwardEqualsTheDoubleReference(keepingHiddenStates: Bool) throws {
        let model = Self.tiny
        let batch = BertBatch(sequences: Self.ids, padID: 0)
        let fast = try #require(try model.forward(batch, options: BertForwardOptions(hiddenStates: keepingHiddenStates)).logits)
        let embeddings = batch.ids.flatMap { id in model.weights.wordEmbeddings.storage[(Int(id) * 8)..<(Int(id) * 8 + 8)].map(Double.init) }
        let reference = ReferenceBert<Double>(model: model).logits(wordEmbeddings: embeddings, keyMask: batch.keyMask, b: 2, t: 5)
        assertClose(fast.storage, reference, atol: 1e-5, rtol: 1e-5)
    }

    @Test(arguments: [false, true])
    func gradientsMatchFiniteDifferences(keepingHiddenStates: Bool) throws {
        let model = Self.tiny
        var batch = BertBatch(sequences: Self.ids, padID: 0)
        let c = model.config.hiddenSize
        let embeddings = batch.ids.flatMap { id in model.weights.wordEmbeddings.storage[(Int(id) * c)..<(Int(id) * c + c)] }
        batch.wordEmbeddings = embeddings
        let output = try model.forward(batch, options: BertForwardOptions(hiddenStates: keepingHiddenStates, forBackward: true))
        let gradients = try model.backward(try #require(output.activations), dLogits: Self.dLogits, attentionGradients: true)

        let reference = ReferenceBert<Double>(model: model)
        let weights = Self.dLogits.map(Double.init)
        let x = embeddings.map(Double.init)
        let expected = FiniteDifferences.gradient(of: {
            FiniteDifferences.dot(weights, reference.logits(wordEmbeddings: $0, keyMask: batch.keyMask, b: 2, t: 5))
        }, at: x)
        assertClose(gradients.wordEmbeddings.storage, expected, atol: 1e-4, rtol: 1e-3, "∂/∂ word embeddings")
        // Padding positions get no gradient: nothing attends to them and they are not [CLS].
        #expect(gradients.wordEmbeddings.storage[(5 + 3) * c..<(10 * c)].allSatisfy { $0 == 0 })

        let probsCount = model.config.numHiddenLayers * 2 * model.config.numAttentionHeads * 25
        let expectedProbs = FiniteDifferences.gradient(of: {
            FiniteDifferences.dot(weights, reference.logits(wordEmbeddings: x, keyMask: batch.keyMask, b: 2, t: 5, probsShift: $0))
        }, at: [Double](repeating: 0, count: probsCount))
        assertClose(try #require(gradients.attentionProbabilities).storage, expectedProbs, atol: 1e-4, rtol: 1e-3,
                    "∂/∂ attention probabilities")
    }

    @Test func batchedGradientsEqualSingleExampleGradients() throws {
        let model = Self.tiny
        let batch = BertBatch(sequences: Self.ids, padID: 0)
        let both = try model.backward(try #require(try model.forward(batch, options: .init(forBackward: true)).activations),
                                      dLogits: Self.dLogits)
        let single = BertBatch(sequences: [Self.ids[1]], padID: 0)
        let alone = try model.backward(try #require(try model.forward(single, options: .init(forBackward: true)).activations),
                                       dLogits: Array(Self.dLogits[3...]))
        let c = model.config.hiddenSize
        assertClose(Array(both.wordEmbeddings.storage[(5 * c)..<(8 * c)]), alone.wordEmbeddings.storage, atol: 1e-6, rtol: 1e-5)
    }
}
