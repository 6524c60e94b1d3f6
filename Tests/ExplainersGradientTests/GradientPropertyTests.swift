import Foundation
import TensorCore
import ExplainerKit
import ExplainerTestKit
import ExplainersGradient
import NumericTestKit
import Testing
import TransformerCore

/// What the gradient methods promise, on tiny models and on a model linear in its embeddings.
@Suite struct GradientPropertyTests {
    static let encoder = Result { try TinyModels.encoder() }

    @Test func integratedGradientsAreCompleteAtFiftyGaussLegendreSteps() throws {
        let model = try Self.encoder.get()
        for (words, baseline) in [(["w1", "w2s", "w3"], IntegratedGradientsExplainer.Baseline.pad), (["w4", "w5", "w6ing"], .mask),
                                  ((0..<12).map { "w\($0 * 2)" }, .zero)] {
            for target in 0..<3 {
                var options = IntegratedGradientsExplainer.Configuration()
                options.baseline = baseline
                let subject = ExplanationSubject.encoder(try EncoderSubject(model: model, words: words, target: .classIndex(target)))
                let attribution = try subject.explain(with: IntegratedGradientsExplainer(configuration: options))
                let difference = try #require(attribution.diagnostics["target_difference"])
                let gap = try #require(attribution.diagnostics["completeness_gap"])
                #expect(abs(difference) > 1e-3, "a baseline that changes nothing would make the check empty")
                #expect(gap < 1e-2 * abs(difference), "\(words) class \(target): gap \(gap), f(x) − f(b) = \(difference)")
                // [CLS] and [SEP] are kept by the baseline, so they get nothing.
                #expect(attribution.tokenScores.first == 0 && attribution.tokenScores.last == 0)
            }
        }
    }

    /// The decoder's zero baseline puts RMSNorm in its ε-dominated regime, so the integrand swings by
    /// hundreds within α ≲ 0.03 (gradients checked against central differences along the path; not a
    /// bug) and 50 nodes are not enough (the gap is reported, not hidden); a fine Riemann rule converges.
    @Test func integratedGradientsOnTheDecoderConvergeToCompletenessAndOnlyScoreSources() throws {
        let subject = try TinyModels.decoderSubjects(model: TinyModels.decoder())[0]
        let coarse = try subject.explain(with: IntegratedGradientsExplainer())
        var options = IntegratedGradientsExplainer.Configuration()
        (options.method, options.steps) = (.riemannMiddle, 2000)
        let fine = try subject.explain(with: IntegratedGradientsExplainer(configuration: options))
        let difference = try #require(fine.diagnostics["target_difference"])
        #expect(coarse.diagnostics["target_difference"] == difference)
        let coarseTotal = coarse.tokenScores.reduce(0.0) { $0 + Double($1) }
        #expect(abs(try #require(coarse.diagnostics["completeness_gap"]) - abs(coarseTotal - difference)) < 1e-9)
        let gap = try #require(fine.diagnostics["completeness_gap"])
        #expect(gap < 1e-2 * abs(difference), "gap \(gap), f(x) − f(b) = \(difference)")
        for (score, source) in zip(fine.tokenScores, fine.tokenFeatures) where source == nil { #expect(score == 0) }
        #expect(abs(Double(fine.featureScores.reduce(0, +)) - difference) < 1e-2 * abs(difference))
    }

    /// Along the decoder's IG path the integrand ∇f·(x − b) equals central differences of f, in the
    /// swings near the zero baseline too: the slow convergence is the integrand's, not a wrong gradient.
    @Test func theDecodersPathIntegrandMatchesCentralDifferences() throws {
        guard case .decoder(let decoder) = try TinyModels.decoderSubjects(model: TinyModels.decoder())[0] else { return }
        let c = decoder.shape.hiddenSize, x = decoder.inputEmbeddings()
        var b = x
        for (token, source) in decoder.sourceIDs.enumerated() where source != nil { for j in 0..<c { b[token * c + j] = 0 } }
        let delta = zip(x, b).map { $0 - $1 }, h = 1e-4
        var largest = 0.0
        for alpha in [1e-3, 3e-3, 0.01, 0.02, 0.1, 0.5, 0.9] {
            let points = [alpha, alpha + h, alpha - h].map { a in zip(b, delta).map { $0 + Float(a) * $1 } }
            let r = try decoder.gradients(atEmbeddings: points)
            let analytic = zip(r[0].gradient, delta).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            let numeric = (Double(r[1].value) - Double(r[2].value)) / (2 * h)
            largest = max(largest, abs(analytic))
            // 5%: the central difference itself is off by a few percent where ∂f/∂α swings by 100s within 0.002.
            #expect(abs(analytic - numeric) <= 5e-2 * max(abs(numeric), 1), "α = \(alpha): ∇f·Δ = \(analytic), numeric \(numeric)")
        }
        #expect(largest > 50, "the integrand's swing near the baseline (\(largest)) is what 50 nodes miss")
    }

    @Test func saliencyIgnoresAConstantShiftOfTheTargetLogit() throws {
        let model = try Self.encoder.get()
        let bias = try #require(model.weights.classifier).bias
        let shifted = model.replacingClassifier(weight: try #require(model.weights.classifier).weight,
                                                bias: Tensor(shape: bias.shape, values: bias.storage.enumerated().map { $0.offset == 1 ? $0.element + 3.5 : $0.element }))
        let words = ["w1", "w2s", "w3", "w7ing"]
        for reduction in SaliencyExplainer.Reduction.allCases {
            var options = SaliencyExplainer.Configuration()
            options.reduction = reduction
            let explainer = SaliencyExplainer(configuration: options)
            let original = try EncoderSubject(model: model, words: words, target: .classIndex(1))
            let moved = try EncoderSubject(model: shifted, words: words, target: .classIndex(1))
            #expect(abs(moved.logits[1] - original.logits[1] - 3.5) < 1e-5, "the shift reached the logit")
            let a = try ExplanationSubject.encoder(original).explain(with: explainer)
            let b = try ExplanationSubject.encoder(moved).explain(with: explainer)
            assertClose(b.tokenScores, a.tokenScores, atol: 1e-7, rtol: 1e-6, "saliency \(reduction.rawValue)")
            #expect(a.tokenScores.contains { $0 > 0 })
        }
    }

    /// f(e) = Σ_t w_t · e_t + 0.7 on (T,C) = (4,3).
    static let weights: [Float] = [0.5, -1, 2, 0.25, 0, -0.75, 1.5, 1, -2, 3, 0.1, -0.3]
    static let input: [Float] = [1, 2, -1, 0.5, 4, 2, -3, 1, 1, 0.2, -0.4, 2]
    static func linear(_ points: [[Float]]) -> [(value: Float, gradient: [Float])] {
        points.map { point in (zip(weights, point).reduce(0.7) { $0 + $1.0 * $1.1 }, weights) }
    }

    @Test func gradientXInputOfALinearModelIsItsExactContributions() {
        let gradient = Self.linear([Self.input])[0].gradient
        let scores = GradientXInputExplainer.contributions(gradient: gradient, input: Self.input, tokens: 4, channels: 3)
        var exact = [Float](repeating: 0, count: 4)
        for t in 0..<4 { for c in 0..<3 { exact[t] += Self.weights[t * 3 + c] * Self.input[t * 3 + c] } }
        assertClose(scores, exact, atol: 1e-6)
        #expect(abs(scores.reduce(0, +) + 0.7 - Self.linear([Self.input])[0].value) < 1e-5, "f(x) = Σ contributions + bias")
    }

    @Test(arguments: IntegrationRule.allCases) func integratedGradientsOfALinearModelAreExact(rule: IntegrationRule) {
        let baseline: [Float] = [0, 0, 0, 1, 1, 1, -1, 0, 2, 0, 0, 0]
        let (scores, baselineValue) = IntegratedGradientsExplainer.integrate(
            input: Self.input, baseline: baseline, tokens: 4, channels: 3, steps: 9, method: rule, gradients: Self.linear)
        let weightSum = rule.nodes(steps: 9).weights.reduce(0, +)   // 1, except Captum's trapezoid: 8/9
        var exact = [Float](repeating: 0, count: 4)
        for t in 0..<4 {
            for c in 0..<3 { exact[t] += Self.weights[t * 3 + c] * (Self.input[t * 3 + c] - baseline[t * 3 + c]) }
            exact[t] *= Float(weightSum)
        }
        assertClose(scores, exact, atol: 1e-5)
        #expect(abs(baselineValue - Self.linear([baseline])[0].value) < 1e-6)
    }

    @Test(arguments: [1, 2, 5, 50]) func gaussLegendreIntegratesPolynomialsOfDegreeTwoNMinusOneExactly(steps: Int) {
        let (alphas, weights) = IntegrationRule.gaussLegendre.nodes(steps: steps)
        #expect(alphas == alphas.sorted() && alphas.allSatisfy { (0...1).contains($0) })
        for degree in 0..<(2 * steps) {
            let integral = zip(alphas, weights).reduce(0.0) { $0 + $1.1 * pow($1.0, Double(degree)) }
            #expect(abs(integral - 1 / Double(degree + 1)) < 1e-12, "∫ α^\(degree) with \(steps) nodes: \(integral)")
        }
    }

    @Test func aRiemannRuleWithOneStepIsAConfigurationError() throws {
        var options = IntegratedGradientsExplainer.Configuration()
        (options.method, options.steps) = (.riemannMiddle, 1)
        let subject = ExplanationSubject.encoder(try EncoderSubject(model: Self.encoder.get(), words: ["w1"]))
        #expect { try subject.explain(with: IntegratedGradientsExplainer(configuration: options)) } throws: { error in
            "\(error)".contains("riemann-middle needs at least 2")
        }
    }
}
