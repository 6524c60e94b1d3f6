import ExplainerKit
import ExplainerTestKit
import NumericTestKit
import Testing
import TransformerCore
@testable import ExplainersAttention

/// What the attention methods promise: stochastic rows, normalised flows, exact max-flow.
@Suite struct AttentionPropertyTests {
    static let encoder = Result { try TinyModels.encoder() }

    @Test func rolloutAndRawAttentionRowsSumToOne() throws {
        for words in TinyModels.encoderSentences {
            let subject = try EncoderSubject(model: Self.encoder.get(), words: words)
            let (_, attentions) = try subject.forward()
            let (l, h, t) = (subject.shape.layers, subject.shape.heads, subject.tokens.count)
            for reduction in HeadReduction.allCases {
                let joint = AttentionRolloutExplainer.rollout(attentions.storage, layers: l, heads: h, tokens: t, reduction: reduction)
                for row in 0..<t {
                    #expect(abs(joint[(row * t)..<((row + 1) * t)].reduce(0, +) - 1) < 1e-9, "rollout row \(row), \(reduction)")
                }
            }
            for layer in 0..<l {
                let mean = HeadReduction.mean.reduce(attentions.storage, offset: layer * h * t * t, heads: h, rows: t, columns: t)
                for row in 0..<t { #expect(abs(mean[(row * t)..<((row + 1) * t)].reduce(0, +) - 1) < 1e-5) }
            }
            let rollout = try ExplanationSubject.encoder(subject).explain(with: AttentionRolloutExplainer())
            #expect(abs(rollout.tokenScores.reduce(0, +) - 1) < 1e-5)
            #expect(abs(try ExplanationSubject.encoder(subject).explain(with: RawAttentionExplainer()).tokenScores.reduce(0, +) - 1) < 1e-5)
        }
    }

    @Test func rolloutOfOneLayerIsHalfAttentionPlusHalfIdentity() throws {
        // With rows of A summing to 1, rownorm(A + I) = 0.5·A + 0.5·I.
        let a: [Float] = [0.2, 0.8, 0.6, 0.4]   // (1,1,2,2)
        let joint = AttentionRolloutExplainer.rollout(a, layers: 1, heads: 1, tokens: 2, reduction: .mean)
        assertClose(joint, [0.6, 0.4, 0.3, 0.7], atol: 1e-7)
        let two = AttentionRolloutExplainer.rollout(a + a, layers: 2, heads: 1, tokens: 2, reduction: .mean)
        assertClose(two, [0.6 * 0.6 + 0.4 * 0.3, 0.6 * 0.4 + 0.4 * 0.7, 0.3 * 0.6 + 0.7 * 0.3, 0.3 * 0.4 + 0.7 * 0.7], atol: 1e-7)
    }

    @Test func rolloutOnTheDecoderAveragesStochasticResponseRows() throws {
        for subject in try TinyModels.decoderSubjects(model: TinyModels.decoder()) {
            let attribution = try subject.explain(with: AttentionRolloutExplainer())
            #expect(abs(attribution.tokenScores.reduce(0, +) - 1) < 1e-5)
            #expect(attribution.tokenScores.allSatisfy { $0 >= 0 })
            #expect(attribution.cost.forwardPasses == 1)
        }
    }

    @Test func maximumFlowOfAKnownNetwork() {
        // CLRS figure 26.1: maximum flow 23 from s = 0 to t = 5.
        var network = FlowNetwork(nodes: 6)
        for (u, v, c) in [(0, 1, 16.0), (0, 2, 13.0), (1, 3, 12.0), (2, 1, 4.0), (2, 4, 14.0), (3, 2, 9.0), (3, 5, 20.0),
                          (4, 3, 7.0), (4, 5, 4.0)] {
            network.addEdge(u, v, capacity: c)
        }
        #expect(abs(network.maximumFlow(from: 0, to: 5) - 23) < 1e-12)
        #expect(abs(network.maximumFlow(from: 0, to: 5) - 23) < 1e-12, "a second run starts from the full capacities")
        #expect(abs(network.maximumFlow(from: 0, to: 3) - 19) < 1e-12)
        #expect(network.maximumFlow(from: 5, to: 0) == 0)
    }

    @Test func attentionFlowIsNormalisedAndBoundedByEachLayersCut() throws {
        let subject = try EncoderSubject(model: Self.encoder.get(), words: ["w1", "w2s", "w3", "w4"])
        let (_, attentions) = try subject.forward()
        let t = subject.tokens.count
        let flows = AttentionFlowExplainer.flows(attentions.storage, layers: 2, heads: 2, tokens: t, reduction: .mean)
        #expect(abs(flows.reduce(0, +) - 1) < 1e-12)
        #expect(flows.allSatisfy { $0 > 0 })
        // With one layer, the only path to token j is the edge [CLS] → j: flow j ∝ Â[0, j].
        let one = AttentionFlowExplainer.flows(Array(attentions.storage[0..<(2 * t * t)]), layers: 1, heads: 2, tokens: t, reduction: .mean)
        let augmented = ResidualAttention.augmented(attentions.storage, layers: 1, heads: 2, tokens: t, reduction: .mean)[0]
        assertClose(one, Array(augmented[0..<t]), atol: 1e-12)
    }
}
