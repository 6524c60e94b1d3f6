import ExplainerKit
import ExplainerTestKit
@testable import ExplainersLearned
import Foundation
import NumericTestKit
import TensorCore
import Testing
import TransformerCore

/// AT2's features equal a direct computation from the attention tensors of a full forward pass.
@Suite struct AT2FeatureTests {
    static let decoder = Result { try TinyModels.decoder() }

    /// The direct definition: feature (s, l, h) = mean over response rows r of Σ_{t ∈ s} A[l, h, r, t],
    /// read from a forward pass that keeps every query row of every layer.
    static func directFeatures(model: LlamaModel, context: AblationContext) throws -> [[Double]] {
        let ids = context.prompt() + context.response, t = ids.count
        var cache = KVCache(config: model.config)
        let output = try model.forward(ids, cache: &cache, attentionLayers: Array(0..<model.config.layers),
                                       attentionQueries: Array(0..<t))
        let a = output.attentions!, l = model.config.layers, h = model.config.heads
        let start = context.prompt().count, r = context.response.count
        var owners: [Int?] = Array(repeating: nil, count: context.prefix.count)
        for (index, source) in context.sources.enumerated() { owners += Array(repeating: index, count: source.count) }
        owners += Array(repeating: nil, count: context.suffix.count + r)
        return context.sources.indices.map { s in
            (0..<(l * h)).map { lh in
                var sum = 0.0
                for row in start..<t {
                    for token in 0..<t where owners[token] == s { sum += Double(a.storage[(lh * t + row) * t + token]) }
                }
                return sum / Double(r)
            }
        }
    }

    @Test func sourceFeaturesEqualTheDirectComputation() throws {
        let model = try Self.decoder.get()
        for case .decoder(let subject) in try TinyModels.decoderSubjects(model: model) {
            let expected = try Self.directFeatures(model: model, context: subject.context).flatMap { $0 }
            let tokenFeatures = AT2Features.tokenFeatures(attentions: try subject.responseAttentions(layers: [0, 1]))
            let actual = AT2Features.sourceFeatures(tokenFeatures: tokenFeatures, owners: subject.sourceIDs, sources: subject.sources.count)
            assertClose(actual, expected, atol: 1e-6, rtol: 1e-5)
        }
    }

    @Test func eachHeadsTokenFeaturesSumToOne() throws {
        // Every attention row sums to 1, so the mean of the response rows does too, per (layer, head).
        let subject = try TinyModels.decoderSubjects(model: Self.decoder.get())[0]
        guard case .decoder(let decoder) = subject else { Issue.record("not a decoder subject"); return }
        let features = AT2Features.tokenFeatures(attentions: try decoder.responseAttentions(layers: [0, 1]))
        let f = 2 * 4, t = decoder.tokens.count
        for j in 0..<f {
            let sum = (0..<t).reduce(0.0) { $0 + Double(features[$1 * f + j]) }
            #expect(abs(sum - 1) < 1e-5, "feature \(j) sums to \(sum)")
        }
    }

    @Test func maskFeaturesAreSignedSumsOfSourceFeatures() {
        let sources: [Float] = [1, 2, 10, 20, 100, 200]   // 3 sources × 2 features
        let masks = [[true, false, true], [false, false, false]]
        #expect(AT2Features.maskFeatures(sourceFeatures: sources, masks: masks) == [91, 182, -111, -222])
    }

    @Test func explainerScoresAreTheWeightedFeatureSums() throws {
        let subjects = try TinyModels.decoderSubjects(model: Self.decoder.get())
        var configuration = AT2Explainer.Configuration()
        configuration.iterations = 50
        let explainer = try AT2Explainer(configuration: configuration).trained(on: subjects, description: "tiny")
        let theta = try #require(explainer.state?.theta)
        for subject in subjects {
            guard case .decoder(let decoder) = subject else { continue }
            let attribution = try subject.explain(with: explainer)
            let direct = try Self.directFeatures(model: Self.decoder.get(), context: decoder.context)
            let expected = direct.map { row in zip(row, theta).reduce(0) { $0 + $1.0 * $1.1 } }
            assertClose(attribution.featureScores, expected, atol: 1e-6, rtol: 1e-5)
            #expect(attribution.cost.forwardPasses == 1)
        }
    }

    @Test func averageAttentionIsUniformTheta() throws {
        let subject = try TinyModels.decoderSubjects(model: Self.decoder.get())[0]
        guard case .decoder(let decoder) = subject else { return }
        let direct = try Self.directFeatures(model: Self.decoder.get(), context: decoder.context)
        let attribution = try subject.explain(with: AverageAttentionExplainer())
        assertClose(attribution.featureScores, direct.map { $0.reduce(0, +) / 8 }, atol: 1e-6, rtol: 1e-5)
    }

    @Test func encoderFeaturesReadTheCLSRow() throws {
        let model = try TinyModels.encoder()
        let subject = try EncoderSubject(model: model, words: ["w1", "w2s", "w3"])
        let (_, attentions) = try subject.forward()
        let features = AT2Features.tokenFeatures(attentions: try AT2TrainingData.encoderAttentions(subject))
        let t = subject.tokens.count, f = 2 * 2
        for lh in 0..<f {
            for token in 0..<t { #expect(features[token * f + lh] == attentions.storage[lh * t * t + token]) }
        }
    }
}
