import NumericTestKit
import TensorCore
import Testing
import Training
import TransformerCore

/// The training backward pass against central finite differences of the loss, for every scalar of
/// every parameter of a tiny classifier (embeddings, attention, feed-forward, layer norms, pooler,
/// classifier), with dropout off and on (a fixed seed fixes the masks, so the loss stays a smooth
/// function of the weights).
/// Every tensor is checked at up to 12 seeded coordinates (all of a small one) to keep the test fast.
@Suite struct WeightGradientTests {
    /// Fourth-order central differences (Richardson): error O(h⁴), so Float rounding dominates.
    static func numericalGradient(_ parameters: BertParameterSet, tensor: Int, index: Int, dropout: DropoutRates,
                                  seed: UInt64, h: Float = 1e-2) -> Double {
        var p = parameters
        func loss(at offset: Float) -> Double {
            p.values[tensor][index] = parameters.values[tensor][index] + offset
            return Double(BertTraining.loss(p, batch: TinyTraining.batch, dropout: dropout, seed: seed))
        }
        let near = loss(at: h) - loss(at: -h), far = loss(at: 2 * h) - loss(at: -2 * h)
        return (8 * near - far) / (12 * Double(h))
    }

    static func check(dropout: DropoutRates) throws {
        let parameters = try TinyTraining.parameters()
        var gradients = parameters.zeros()
        _ = BertTraining.lossAndGradients(parameters, batch: TinyTraining.batch, dropout: dropout, seed: 11,
                                          gradients: &gradients)
        let names = parameters.names
        var random = SeededRandom(seed: 99)
        for tensor in parameters.values.indices {
            let count = parameters.values[tensor].count
            var indices = count <= 12 ? Array(0..<count) : (0..<12).map { _ in random.nextInt(below: count) }
            if tensor == 0 { indices += [5 * 8 + 3, 1 * 8 + 2] }  // a used token's row, and an unused one (zero)
            let analytic = indices.map { gradients.values[tensor][$0] }
            let numerical = indices.map {
                numericalGradient(parameters, tensor: tensor, index: $0, dropout: dropout, seed: 11)
            }
            assertClose(analytic, numerical, atol: 5e-5, rtol: 5e-3, "\(names[tensor]) (dropout \(dropout.hidden))")
            #expect(gradients.values[tensor].contains { $0 != 0 }, "\(names[tensor]) gradient is all zero")
        }
    }

    @Test func everyWeightGradientMatchesFiniteDifferencesWithoutDropout() throws {
        try Self.check(dropout: .none)
    }

    @Test func everyWeightGradientMatchesFiniteDifferencesWithDropout() throws {
        try Self.check(dropout: DropoutRates(hidden: 0.2, attention: 0.2))
    }

    @Test func trainingForwardWithoutDropoutMatchesTheInferenceForward() throws {
        let parameters = try TinyTraining.parameters()
        let model = try BertModel(weights: parameters.weights(),
                                  tokenizer: BertModel.random(config: TinyTraining.config, numLabels: 3, seed: 1).tokenizer)
        let batch = TinyTraining.batch
        var gradients = parameters.zeros()
        let (_, logits) = BertTraining.lossAndGradients(parameters, batch: batch, dropout: .none, seed: 0, gradients: &gradients)
        let reference = try model.forward(BertBatch(ids: batch.ids, keyMask: batch.keyMask, batchSize: batch.batchSize,
                                                    length: batch.length))
        assertClose(logits, reference.logits!.storage, atol: 1e-6, rtol: 1e-5, "logits")
    }
}
