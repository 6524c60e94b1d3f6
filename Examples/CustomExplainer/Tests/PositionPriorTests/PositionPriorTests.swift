import ExplainerKit
import ExplainerTestKit
import PositionPrior
import Testing

@Suite struct PositionPriorTests {
    @Test func passesTheConformanceKit() throws {
        try ExplainerConformance.verify(PositionPriorExplainer.entries[0])
    }

    @Test func earlierWordsScoreHigher() throws {
        let subject = ExplanationSubject.encoder(try EncoderSubject(model: TinyModels.encoder(), words: ["w1", "w2", "w3"]))
        let attribution = try subject.explain(with: PositionPriorExplainer())
        #expect(attribution.featureScores == [1, 0.5, Float(1.0 / 3)])
        #expect(attribution.cost.forwardPasses == 0)
    }
}
