import AttriJSON
import Foundation
import Testing

/// `attribench tokenize`, `forward` and `generate` on the real SmolLM2 GGUF, with the JSON keys of
/// ../shared/INTERFACES.md.
@Suite struct DecoderCommandTests {
    @Test func tokenizeGivesIdsAndTokens() throws {
        let result = try CommandRunner.run(["tokenize", "--model", try CommandRunner.decoderFile(), "--json", "Hello world"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(try json.field("ids").integers() == [19556, 905])
        #expect(try json.field("tokens").strings() == ["Hello", "Ġworld"])
    }

    @Test func generateAnswersTheGoldenQuestion() throws {
        let result = try CommandRunner.run(["generate", "--model", try CommandRunner.decoderFile(), "--chat", "--max-tokens", "12",
                                            "--json", "What is the capital of France?"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(try json.field("text").string() == "The capital of France is Paris.<|im_end|>")
        #expect(try json.field("ids").integers().count == 8)
    }

    @Test func forwardGivesLogProbsTopTenAndChosenAttentions() throws {
        let result = try CommandRunner.run(["forward", "--model", try CommandRunner.decoderFile(), "--json", "--attentions",
                                            "--attention-layers", "0,29", "The quick brown fox"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        let t = try json.field("ids").integers().count
        #expect(try json.field("next_token_logprobs").doubles().count == t - 1)
        let topIDs = try json.field("top10_ids").array(), topLogProbs = try json.field("top10_logprobs").array()
        #expect(topIDs.count == t && topLogProbs.count == t)
        for row in topLogProbs {
            let values = try row.doubles()
            #expect(values.count == 10 && values == values.sorted(by: >) && values.allSatisfy { $0 <= 0 })
        }
        let layers = try json.field("attentions").array()
        #expect(layers.count == 2)
        for layer in layers {
            for head in try layer.array() {
                for (query, row) in try head.array().enumerated() {
                    let values = try row.doubles()
                    #expect(abs(values.reduce(0, +) - 1) < 1e-5)
                    #expect(values[(query + 1)...].allSatisfy { $0 == 0 }, "causal: nothing after the query")
                }
            }
        }
    }

    @Test(arguments: [
        (["generate", "--model", "ENCODER", "hi"], "`generate` needs a decoder"),
        (["forward", "--model", "DECODER", "--grad-label", "1", "hi"], "--grad-label: only for an encoder classifier"),
        (["forward", "--model", "DECODER", "--attentions", "--attention-layers", "30", "hi"], "each must be a layer from 0 to 29"),
        (["generate", "--model", "DECODER", "--max-tokens", "0", "hi"], "--max-tokens 0: must be positive"),
    ])
    func wrongModelKindsAndOptionsExitWithTwo(arguments: [String], message: String) throws {
        let resolved = try arguments.map {
            $0 == "ENCODER" ? try CommandRunner.encoderFolder() : $0 == "DECODER" ? try CommandRunner.decoderFile() : $0
        }
        let result = try CommandRunner.run(resolved)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
    }
}
