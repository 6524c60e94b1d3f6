import AttriJSON
import ExplainersBaseline
import ExplainerKit
import ExplainerTestKit
import ExplainersAttention
import ExplainersPerturbation
import Testing

/// `raw-attention` and `occlusion` compute what their definitions say.
@Suite struct ReferenceExplainerTests {
    static let encoder = Result { try TinyModels.encoder() }

    @Test(arguments: [(-1, RawAttentionExplainer.Direction.clsRow, HeadReduction.mean), (0, .clsColumn, .max), (1, .clsRow, .max)])
    func rawAttentionReadsTheChosenLayerAndDirection(layer: Int, direction: RawAttentionExplainer.Direction, reduction: HeadReduction) throws {
        let subject = try EncoderSubject(model: Self.encoder.get(), words: ["w1", "w2s", "w3"])
        var configuration = RawAttentionExplainer.Configuration()
        (configuration.layer, configuration.direction, configuration.headReduction) = (layer, direction, reduction)
        let attribution = try ExplanationSubject.encoder(subject).explain(with: RawAttentionExplainer(configuration: configuration))
        let (_, attentions) = try subject.forward()
        let t = subject.tokens.count, h = 2, l = layer < 0 ? 2 + layer : layer
        for j in 0..<t {
            let values = (0..<h).map { head in
                let base = ((l * h + head) * t) * t
                return direction == .clsRow ? attentions.storage[base + j] : attentions.storage[base + j * t]
            }
            let expected = reduction == .mean ? values.reduce(0, +) / Float(h) : values.max()!
            #expect(abs(attribution.tokenScores[j] - expected) < 1e-6)
        }
        if direction == .clsRow && reduction == .mean {
            #expect(abs(attribution.tokenScores.reduce(0, +) - 1) < 1e-5, "the [CLS] row sums to 1")
        }
        #expect(attribution.featureScores[1] == attribution.tokenScores[2] + attribution.tokenScores[3], "w2s is two tokens, summed")
        #expect(attribution.cost.forwardPasses == 1)
    }

    @Test func rawAttentionOnTheDecoderAveragesTheResponseRows() throws {
        let subject = try TinyModels.decoderSubjects(model: TinyModels.decoder())[0]
        guard case .decoder(let decoder) = subject else { Issue.record("not a decoder subject"); return }
        let attribution = try subject.explain(with: RawAttentionExplainer())
        let attentions = try decoder.responseAttentions(layers: [1])
        let r = attentions.shape[2], t = attentions.shape[3]
        for j in 0..<t {
            var expected: Float = 0
            for head in 0..<4 { for row in 0..<r { expected += attentions.storage[(head * r + row) * t + j] } }
            #expect(abs(attribution.tokenScores[j] - expected / Float(4 * r)) < 1e-6)
        }
        #expect(abs(attribution.tokenScores.reduce(0, +) - 1) < 1e-5)
    }

    @Test(arguments: WordRemoval.allCases) func occlusionEqualsTheExplicitLeaveOneOutLoop(removal: WordRemoval) throws {
        let subject = try EncoderSubject(model: Self.encoder.get(), words: ["w1", "w2s", "w3", "w4ing"])
        var configuration = OcclusionExplainer.Configuration()
        configuration.removal = removal
        let attribution = try ExplanationSubject.encoder(subject).explain(with: OcclusionExplainer(configuration: configuration))
        let full = try subject.targetValues(keeping: [[true, true, true, true]], removal: removal)[0]
        for word in 0..<4 {
            let without = try subject.targetValues(keeping: [(0..<4).map { $0 != word }], removal: removal)[0]
            #expect(abs(attribution.featureScores[word] - (full - without)) < 1e-6)
        }
        #expect(attribution.cost.forwardPasses == 5)
        #expect(abs(attribution.tokenScores.reduce(0, +) - attribution.featureScores.reduce(0, +)) < 1e-5)
    }

    @Test func randomScoresAreUniformPerFeatureAndFollowTheSeed() throws {
        let subject = ExplanationSubject.encoder(try EncoderSubject(model: Self.encoder.get(), words: (0..<30).map { "w\($0)" }))
        var options = RandomExplainer.Configuration()
        let first = try subject.explain(with: RandomExplainer(configuration: options))
        options.seed = 1
        let other = try subject.explain(with: RandomExplainer(configuration: options))
        #expect(first.featureScores.allSatisfy { (0..<1).contains($0) })
        #expect(first.featureScores != other.featureScores)
        #expect(Set(first.featureScores).count == 30)
        #expect(first.seed == 0 && other.seed == 1)
    }
}
