import Foundation
import NumericTestKit
import TensorCore
import Testing
@testable import TransformerCore

/// The decoder's backward pass to the input embeddings against central finite differences in Double
/// on a tiny random grouped-query model, and its forward against the same Double reference.
@Suite struct DecoderGradientTests {
    static let tiny = try! LlamaModel.random(
        config: try! LlamaConfig(layers: 2, hiddenSize: 8, intermediateSize: 12, heads: 4, kvHeads: 2, vocabSize: 11), seed: 5)

    static func embeddings(_ ids: [Int]) -> [Float] {
        ids.flatMap { tiny.weights.embeddings.storage[($0 * 8)..<(($0 + 1) * 8)] }
    }

    @Test func forwardEqualsTheDoubleReferenceAndTheCachedPass() throws {
        let ids = [3, 7, 1, 9, 4]
        let (_, logits) = try Self.tiny.forwardForGradient(embeddings: Self.embeddings(ids), positions: [0, 2, 4])
        let reference = ReferenceLlama<Double>(model: Self.tiny).logits(embeddings: Self.embeddings(ids).map(Double.init), positions: [0, 2, 4])
        assertClose(logits, reference, atol: 1e-5, rtol: 1e-5)
        var cache = KVCache(config: Self.tiny.config)
        let cached = try Self.tiny.forward(ids.map(Int32.init), cache: &cache, logProbPositions: [4])
        let v = Self.tiny.config.vocabSize
        let last = Array(reference[(2 * v)...])
        let logSum = Foundation.log(last.map { Foundation.exp($0 - last.max()!) }.reduce(0, +)) + last.max()!
        assertClose(try #require(cached.logProbs).storage, last.map { $0 - logSum }, atol: 1e-5)
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        let ids = [3, 7, 1, 9, 4, 2]
        let positions = [1, 3, 5]
        var data = TestData(seed: 17)
        let dLogits = data.values(positions.count * Self.tiny.config.vocabSize)
        let (activations, _) = try Self.tiny.forwardForGradient(embeddings: Self.embeddings(ids), positions: positions)
        let gradient = Self.tiny.backward(activations, positions: positions, dLogits: dLogits.map(Float.init))
        let reference = ReferenceLlama<Double>(model: Self.tiny)
        let expected = FiniteDifferences.gradient(of: {
            FiniteDifferences.dot(dLogits, reference.logits(embeddings: $0, positions: positions))
        }, at: Self.embeddings(ids).map(Double.init))
        assertClose(gradient, expected, atol: 1e-4, rtol: 1e-3, "∂/∂ input embeddings")
        // Causality: tokens after the last scored position get exactly zero gradient.
        let (early, _) = try Self.tiny.forwardForGradient(embeddings: Self.embeddings(ids), positions: [1, 3])
        let earlyGradient = Self.tiny.backward(early, positions: [1, 3], dLogits: dLogits.prefix(2 * 11).map(Float.init))
        #expect(earlyGradient[(4 * 8)...].allSatisfy { $0 == 0 })
        #expect(earlyGradient[..<(4 * 8)].contains { $0 != 0 })
    }
}
