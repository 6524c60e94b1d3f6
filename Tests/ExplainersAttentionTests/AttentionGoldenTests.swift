import AttriJSON
import ExplainerKit
import ExplainersAttention
import NumericTestKit
import Testing
import TransformerCore

/// Raw attention, rollout, flow, Chefer's relevance and attention × gradient against the papers' public
/// code run in PyTorch / numpy / networkx on the real classifier (`scripts/golden/attribution_golden.py`),
/// within 1e-4.
@Suite(.serialized) struct AttentionGoldenTests {
    static let golden = Result { try GoldenModel.golden("attention_golden.json") }

    @Test func everyAttentionMethodMatchesItsReference() throws {
        let cases = try Self.golden.get().field("cases").array()
        #expect(cases.count >= 5)
        for example in cases {
            let encoder = try EncoderSubject(model: GoldenModel.classifier.get(), text: try example.field("text").string())
            #expect(encoder.ids.map(Int.init) == (try example.field("ids").integers()))
            #expect(encoder.target == (try example.field("target").integer()))
            let subject = ExplanationSubject.encoder(encoder)
            assertClose(try subject.explain(with: RawAttentionExplainer()).tokenScores,
                        try example.field("raw_attention_last_mean_cls_row").doubles(), atol: 1e-4, "raw attention")
            assertClose(try subject.explain(with: AttentionRolloutExplainer()).tokenScores,
                        try example.field("rollout_cls_row").doubles(), atol: 1e-4, "rollout")
            let flow = try subject.explain(with: AttentionFlowExplainer())
            assertClose(flow.tokenScores, try example.field("flow_cls").doubles(), atol: 1e-4, "attention flow")
            #expect(flow.diagnostics["max_flow_seconds"] != nil && flow.diagnostics["max_flow_runs"] == Double(encoder.tokens.count))
            let chefer = try subject.explain(with: GradAttentionExplainer())
            assertClose(chefer.tokenScores, try example.field("grad_attention_cls_row").doubles(), atol: 1e-4, "grad-attention")
            #expect(chefer.cost.forwardPasses == 1 && chefer.cost.backwardPasses == 1)
            try checkAttentionTimesGradient(subject, example)
        }
    }

    /// attention-x-grad-norm against Kobayashi's α f(x) built from the value and output projections in
    /// PyTorch and projected on ∂y/∂o (not from ∂y/∂α): the last layer, layer 2, and layer 2 signed.
    func checkAttentionTimesGradient(_ subject: ExplanationSubject, _ example: JSONCursor) throws {
        for (layer, absolute, field) in [(-1, true, "attention_x_grad_norm_last"), (2, true, "attention_x_grad_norm_layer2"),
                                         (2, false, "attention_x_grad_signed_layer2")] {
            var options = AttentionGradientNormExplainer.Configuration()
            (options.layer, options.absolute) = (layer, absolute)
            let expected = try example.field(field).doubles()
            let scale = expected.map(abs).max() ?? 0
            #expect(scale > 1e-3, "\(field): the golden must not be all zeros")
            assertClose(try subject.explain(with: AttentionGradientNormExplainer(configuration: options)).tokenScores, expected,
                        atol: 1e-5 * scale, rtol: 1e-4, field)
        }
    }
}
