import AttriJSON
import ExplainerKit
import ExplainersGradient
import NumericTestKit
import Testing
import TransformerCore

/// Saliency, gradient × input and integrated gradients against Captum on the real classifier
/// (`scripts/golden/attribution_golden.py`): within 1e-3 relative to the largest score.
@Suite(.serialized) struct GradientGoldenTests {
    static let golden = Result { try GoldenModel.golden("gradient_golden.json") }

    /// The subject of a golden case, checked to tokenise and predict as PyTorch did.
    static func subject(_ example: JSONCursor) throws -> ExplanationSubject {
        let encoder = try EncoderSubject(model: GoldenModel.classifier.get(), text: try example.field("text").string())
        #expect(encoder.ids.map(Int.init) == (try example.field("ids").integers()))
        #expect(encoder.target == (try example.field("target").integer()))
        assertClose(encoder.logits, try example.field("logits").doubles(), atol: 1e-4, "logits")
        return .encoder(encoder)
    }

    /// |a − e| ≤ 1e-3·max|e| + 1e-3·|e|.
    static func expectGradientClose(_ actual: [Float], _ expected: [Double], _ what: String) {
        let scale = expected.map(abs).max() ?? 1
        assertClose(actual, expected, atol: 1e-3 * scale, rtol: 1e-3, what)
    }

    @Test func saliencyAndGradientXInputMatchCaptum() throws {
        let cases = try Self.golden.get().field("cases").array()
        #expect(cases.count >= 5)
        for example in cases {
            let subject = try Self.subject(example)
            var options = SaliencyExplainer.Configuration()
            Self.expectGradientClose(try subject.explain(with: SaliencyExplainer()).tokenScores,
                                     try example.field("saliency_l2").doubles(), "saliency l2")
            options.reduction = .absoluteSum
            Self.expectGradientClose(try subject.explain(with: SaliencyExplainer(configuration: options)).tokenScores,
                                     try example.field("saliency_abs_sum").doubles(), "saliency abs-sum")
            let gxi = try subject.explain(with: GradientXInputExplainer())
            Self.expectGradientClose(gxi.tokenScores, try example.field("gradient_x_input").doubles(), "gradient × input")
            #expect(gxi.cost == ExplanationCost(forwardPasses: 1, backwardPasses: 1, seconds: gxi.cost.seconds))
        }
    }

    @Test func integratedGradientsMatchCaptum() throws {
        for (index, example) in try Self.golden.get().field("cases").array().enumerated() {
            let subject = try Self.subject(example)
            for variant in try example.field("integrated_gradients").array() {
                // To keep the debug test run short: the default (pad, Gauss-Legendre, 50) on the three shortest
                // sentences, the other baselines and rules on the shortest; the script writes all of them.
                let steps = try variant.field("steps").integer()
                guard [0, 1, 5].contains(index) && (steps == 50 || index == 5) else { continue }
                var options = IntegratedGradientsExplainer.Configuration()
                options.steps = steps
                options.baseline = try #require(IntegratedGradientsExplainer.Baseline(rawValue: try variant.field("baseline").string()))
                options.method = try #require(IntegrationRule(rawValue: try variant.field("method").string()))
                let attribution = try subject.explain(with: IntegratedGradientsExplainer(configuration: options))
                let label = "IG \(options.baseline.rawValue) \(options.method.rawValue) \(steps)"
                Self.expectGradientClose(attribution.tokenScores, try variant.field("token_scores").doubles(), label)
                let difference = try variant.field("target_difference").double()
                #expect(abs(try #require(attribution.diagnostics["target_difference"]) - difference) < 1e-4, "\(label)")
                let gap = try #require(attribution.diagnostics["completeness_gap"])
                let captumGap = abs(try variant.field("convergence_delta").double())
                #expect(abs(gap - captumGap) < 1e-3 * max(1, abs(difference)), "\(label): gap \(gap) vs Captum's \(captumGap)")
                if options.method == .gaussLegendre {
                    #expect(gap < 1e-2 * abs(difference), "\(label): completeness gap \(gap) for f(x) − f(b) = \(difference)")
                }
                #expect(attribution.cost.forwardPasses == steps + 1 && attribution.cost.backwardPasses == steps + 1)
            }
        }
    }

    @Test func integrationRulesEqualCaptums() throws {
        for rule in try Self.golden.get().field("integration_rules").array() {
            let method = try #require(IntegrationRule(rawValue: try rule.field("method").string()))
            let (alphas, weights) = method.nodes(steps: try rule.field("steps").integer())
            // Captum's Riemann nodes come from float32 torch.linspace.
            assertClose(alphas, try rule.field("alphas").doubles(), atol: 1e-7, "\(method.rawValue) alphas")
            assertClose(weights, try rule.field("weights").doubles(), atol: 1e-12, "\(method.rawValue) weights")
        }
    }
}
