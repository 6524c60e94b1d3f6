import AttriJSON
import ExplainerKit
import ExplainerTestKit
@testable import ExplainersLearned
import Foundation
import NumericTestKit
import Testing

/// ContextCite's LASSO surrogate.
@Suite struct ContextCiteTests {
    @Test func surrogateRecoversASparseLinearModel() {
        // output(mask) = 2 + Σ w_s · keep_s with 3 of 20 sources active; 256 ablations.
        let truth: [Double] = (0..<20).map { [3: 4.0, 7: -2.0, 12: 1.5][$0] ?? 0 }
        let masks = AT2TrainingData.randomMasks(count: 256, features: 20, keepProbability: 0.5, seed: 5)
        let outputs = masks.map { mask in 2 + zip(mask, truth).reduce(0) { $0 + ($1.0 ? $1.1 : 0) } }
        let weights = ContextCiteExplainer.surrogateWeights(masks: masks, outputs: outputs, responseTokens: 1, alpha: 0.01)
        // LASSO shrinks each active weight by about α / sd(mask) ≈ 0.02; inactive ones are exactly 0 or tiny.
        assertClose(weights, truth, atol: 0.05)
        #expect(weights.enumerated().filter { truth[$0.offset] == 0 }.allSatisfy { abs($0.element) < 0.02 })
    }

    @Test func tokenCountScalingLeavesAnUnpenalisedFitUnchanged() {
        let masks = AT2TrainingData.randomMasks(count: 64, features: 5, keepProbability: 0.5, seed: 2)
        let outputs = masks.map { m in 1 + (m[0] ? 3.0 : 0) - (m[4] ? 1.0 : 0) }
        let one = ContextCiteExplainer.surrogateWeights(masks: masks, outputs: outputs, responseTokens: 1, alpha: 0)
        let four = ContextCiteExplainer.surrogateWeights(masks: masks, outputs: outputs, responseTokens: 4, alpha: 0)
        // Coordinate descent stops at a duality gap of 1e-4 · ‖y‖², so agreement is to about 1e-5.
        assertClose(one, four, atol: 2e-5)
        assertClose(one, [3, 0, 0, 0, -1], atol: 2e-5)
    }

    @Test func lassoMatchesScikitLearn() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/lasso.json")
        let cases = try JSONCursor(JSONParser.parse(contentsOf: url.path), source: JSONSource(name: url.path)).field("cases").array()
        #expect(!cases.isEmpty)
        for entry in cases {
            let masks = try entry.field("masks").array().map { try $0.array().map { try $0.integer(in: 0...1) == 1 } }
            let outputs = try entry.field("outputs").array().map { try $0.double() }
            let tokens = try entry.field("tokens").integer(in: 1...10_000)
            let alpha = try entry.field("alpha").double()
            let expected = try entry.field("weights").array().map { try $0.double() }
            let weights = ContextCiteExplainer.surrogateWeights(masks: masks, outputs: outputs, responseTokens: tokens, alpha: alpha)
            assertClose(weights, expected, atol: 1e-5, rtol: 1e-4, "case \(entry.path)")
        }
    }

    @Test func explainerUsesItsAblationCount() throws {
        let subject = try TinyModels.decoderSubjects(model: TinyModels.decoder())[0]
        let explainer = try ContextCiteExplainer(id: "context-cite-256", configuration: .init(ablations: 256))
        let attribution = try subject.explain(with: explainer)
        let masks = AT2TrainingData.randomMasks(count: 256, features: subject.features.count, keepProbability: 0.5,
                                                seed: explainer.configuration.seed ^ subject.fingerprint)
        #expect(masks.count == 256 && (1 << subject.features.count) < 256, "few sources: the 256 draws repeat")
        #expect(attribution.cost.forwardPasses == Set(masks).count, "one pass per distinct ablation")
        #expect(attribution.featureScores.allSatisfy { $0.isFinite })
    }
}
