import AttriJSON
import ExplainerKit
import ExplainersAttention
import Foundation
import NumericTestKit
import Testing
import TransformerCore

/// The decoder variants of grad-attention, attention-x-grad-norm and attention-flow on the real
/// SmolLM2-135M-Instruct against HF transformers loading the same GGUF
/// (`scripts/golden/decoder_attribution_golden.py`).
@Suite(.serialized) struct DecoderAttentionGoldenTests {
    /// The SmolLM2-135M-Instruct GGUF; the test fails (never skips) when it is missing.
    static func decoderFile() throws -> String {
        let home = ProcessInfo.processInfo.environment["ATTRIBENCH_HOME"]
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/attribench").path
        let file = "\(home)/models/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf"
        try #require(FileManager.default.fileExists(atPath: file), "the decoder model is missing at \(file): run scripts/setup-models.sh")
        return file
    }

    @Test func decoderVariantsMatchTheirReference() throws {
        let model = try LlamaModel(path: Self.decoderFile())
        let cases = try GoldenModel.golden("attention_decoder_golden.json").field("cases").array()
        #expect(cases.count >= 2)
        for example in cases {
            let ids = { (name: String) in try example.field(name).integers().map(Int32.init) }
            let context = AblationContext(prefix: try ids("prefix"), sources: try example.field("source_ids").array().map { try $0.integers().map(Int32.init) },
                                          suffix: try ids("suffix"), response: try ids("response_ids"))
            let decoder = try DecoderSubject(model: model, context: context, sources: try example.field("sources").strings(),
                                             response: try example.field("response").string())
            let expected = try example.field("log_probability").double()
            #expect(abs(Double(decoder.fullLogProbability) - expected) < 2e-3 * abs(expected))
            let subject = ExplanationSubject.decoder(decoder)
            for (explainer, field) in [(GradAttentionExplainer() as any Explainer, "grad_attention"),
                                       (AttentionGradientNormExplainer(), "attention_x_grad_norm_last")] {
                let golden = try example.field(field).doubles()
                let scale = golden.map(abs).max() ?? 0
                #expect(scale > 1e-2, "\(field): the golden must not be all zeros")
                assertClose(try subject.explain(with: explainer).tokenScores, golden, atol: 2e-3 * scale, rtol: 1e-2, field)
            }
            let flow = try subject.explain(with: AttentionFlowExplainer())
            assertClose(flow.featureScores, try example.field("attention_flow_sources").doubles(), atol: 1e-4, "attention flow")
        }
    }
}
