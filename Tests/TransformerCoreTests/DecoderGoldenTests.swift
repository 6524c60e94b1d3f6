import AttriJSON
import NumericTestKit
import Testing
@testable import TransformerCore

/// The llama decoder against HF transformers running the same GGUF in float32 with eager attention
/// (`scripts/golden/decoder_golden.py --forward`): next-token log-probabilities and the top 10 within
/// 2e-3 nats, first- and last-layer attentions within 1e-4, and the greedy continuation identical.
@Suite(.serialized) struct DecoderGoldenTests {
    static let golden = Result { try ModelLocations.goldenJSON("decoder_forward_golden.json") }
    static let model = Result { try LlamaModel(path: try ModelLocations.decoderFile()) }

    @Test func logProbsAndAttentionsMatchHF() throws {
        let model = try Self.model.get()
        for example in try Self.golden.get().field("forward").array() {
            let ids = try example.field("ids").integers().map(Int32.init)
            var cache = KVCache(config: model.config)
            let last = model.config.layers - 1
            let output = try model.forward(ids, cache: &cache, logProbPositions: Array(0..<ids.count),
                                           attentionLayers: [0, last], attentionQueries: Array(0..<ids.count))
            let v = model.config.vocabSize
            let logProbs = try #require(output.logProbs).storage
            let next = (0..<(ids.count - 1)).map { logProbs[$0 * v + Int(ids[$0 + 1])] }
            assertClose(next, try example.field("next_token_logprobs").doubles(), atol: 2e-3, "next-token log-probs")
            let topIDs = try example.field("top10_ids").array().map { try $0.integers() }
            let topLogProbs = try example.field("top10_logprobs").array().map { try $0.doubles() }
            for (position, ids) in topIDs.enumerated() {
                assertClose(ids.map { logProbs[position * v + $0] }, topLogProbs[position], atol: 2e-3, "top-10 at \(position)")
                var best = 0
                for j in 0..<v where logProbs[position * v + j] > logProbs[position * v + best] { best = j }
                #expect(best == ids[0] || topLogProbs[position][0] - topLogProbs[position][1] < 2e-3, "argmax at \(position)")
            }
            let attentions = try #require(output.attentions)
            let perLayer = attentions.count / 2
            assertClose(Array(attentions.storage[0..<perLayer]), try example.field("first_layer_attentions").doubles(),
                        atol: 1e-4, "first-layer attentions")
            assertClose(Array(attentions.storage[perLayer...]), try example.field("last_layer_attentions").doubles(),
                        atol: 1e-4, "last-layer attentions")
        }
    }

    @Test func greedyContinuationIsIdentical() throws {
        let model = try Self.model.get()
        let greedy = try Self.golden.get().field("greedy")
        let prompt = try greedy.field("prompt_ids").integers().map(Int32.init)
        let expected = try greedy.field("continuation_ids").integers()
        let generated = try model.generate(prompt: prompt, maxTokens: 12)
        #expect(generated.map(Int.init) == Array(expected.prefix(generated.count)))
        #expect(model.tokenizer.decode(generated) == (try greedy.field("text").string()))
    }

    @Test func cachedStepsEqualOneFullPass() throws {
        let model = try Self.model.get()
        let ids = model.tokenizer.encode("The cat sat on the mat and looked")
        var full = KVCache(config: model.config)
        let once = try model.forward(ids, cache: &full, logProbPositions: [ids.count - 1])
        var stepwise = KVCache(config: model.config)
        _ = try model.forward(Array(ids.dropLast(3)), cache: &stepwise)
        _ = try model.forward(Array(ids.dropLast(1).suffix(2)), cache: &stepwise)
        let last = try model.forward([ids.last!], cache: &stepwise, logProbPositions: [0])
        assertClose(try #require(last.logProbs).storage, try #require(once.logProbs).storage, atol: 1e-4)
        let response = model.tokenizer.encode(" quietly")
        let total = try model.logProbability(of: response, given: ids)
        let (next, _) = try model.nextTokenLogProbs(ids + response)
        #expect(abs(total - next.suffix(response.count).reduce(0, +)) < 1e-3)
    }
}
