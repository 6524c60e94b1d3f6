import ExplainerKit
import ExplainerTestKit
import Metrics
import Testing

/// Faithfulness metrics: their definitions computed by hand through the same model access, and the
/// properties they promise.
@Suite struct FaithfulnessTests {
    static let encoder = Result { try TinyModels.encoder() }
    static let decoder = Result { try TinyModels.decoder() }
    static let words = (0..<20).map { "w\(($0 * 7) % 30)" }

    @Test func binsFollowFerretsPercentageRule() {
        #expect(EncoderFaithfulness.binSizes(features: 20) == [1, 2, 4, 10])
        #expect(EncoderFaithfulness.binSizes(features: 100) == [1, 5, 10, 20, 50])
        #expect(EncoderFaithfulness.binSizes(features: 3) == [1])
        #expect(EncoderFaithfulness.binSizes(features: 1) == [])
        #expect(EncoderFaithfulness.binSizes(features: 15) == [1, 3, 7])
    }

    @Test func comprehensivenessAndSufficiencyEqualTheirDefinitions() throws {
        let subject = try EncoderSubject(model: Self.encoder.get(), words: Self.words)
        let scores: [Float] = (0..<20).map { Float(($0 * 13) % 20) }
        let result = try EncoderFaithfulness.evaluate(scores: scores, subject: subject)
        let base = Double(TargetOutput.probability.value(logits: subject.logits[...], target: subject.target))
        let order = RationaleSelection.descendingOrder(scores.map(Double.init))
        var comprehensiveness = 0.0, sufficiency = 0.0
        for k in [1, 2, 4, 10] {
            let top = Set(order.prefix(k))
            let without = try subject.targetValues(keeping: [(0..<20).map { !top.contains($0) }], removal: .delete)[0]
            let only = try subject.targetValues(keeping: [(0..<20).map { top.contains($0) }], removal: .delete)[0]
            comprehensiveness += (base - Double(without)) / 4
            sufficiency += (base - Double(only)) / 4
        }
        #expect(abs(result.comprehensiveness! - comprehensiveness) < 1e-6)
        #expect(abs(result.sufficiency! - sufficiency) < 1e-6)
        #expect(result.forwardPasses == 8 + 20)
    }

    @Test func removingNothingChangesNothing() throws {
        let subject = try EncoderSubject(model: Self.encoder.get(), words: Self.words)
        let kept = try subject.targetValues(keeping: [[Bool](repeating: true, count: 20)], removal: .delete)[0]
        #expect(abs(kept - TargetOutput.probability.value(logits: subject.logits[...], target: subject.target)) < 1e-6)
    }

    @Test func theLeaveOneOutOracleScoresBest() throws {
        let subject = try EncoderSubject(model: Self.encoder.get(), words: Self.words)
        let drops = try EncoderFaithfulness.leaveOneOutDrops(subject)
        let oracle = try EncoderFaithfulness.evaluate(scores: drops.map(Float.init), subject: subject, leaveOneOut: drops)
        let reversed = try EncoderFaithfulness.evaluate(scores: drops.map { Float(-$0) }, subject: subject, leaveOneOut: drops)
        #expect(abs(oracle.tauLeaveOneOut! - 1) < 1e-12)
        #expect(abs(reversed.tauLeaveOneOut! + 1) < 1e-12)
        #expect(oracle.comprehensiveness! > reversed.comprehensiveness!)
        #expect(oracle.sufficiency! < reversed.sufficiency!)
        #expect(oracle.forwardPasses == 8, "shared leave-one-out drops are not recomputed")
    }

    @Test func aOneWordInputHasNoErasureValue() throws {
        let subject = try EncoderSubject(model: Self.encoder.get(), words: ["w3"])
        let result = try EncoderFaithfulness.evaluate(scores: [1], subject: subject)
        #expect(result.comprehensiveness == nil && result.sufficiency == nil && result.tauLeaveOneOut == nil)
    }

    @Test func topKDropsAndLDSEqualTheirDefinitions() throws {
        guard case .decoder(let subject) = try TinyModels.decoderSubjects(model: Self.decoder.get())[2] else {
            Issue.record("not a decoder subject"); return
        }
        let scores: [Float] = [0.1, 0.5, -0.2, 0.9, 0.3]   // order: 3, 1, 4, 0, 2
        let drops = try DecoderFaithfulness.topKDrops(scores: scores, subject: subject, ks: [1, 3, 5])
        let full = Double(subject.fullLogProbability)
        let withoutTop1 = try subject.responseLogProbabilities(keeping: [[true, true, true, false, true]])[0]
        let withoutTop3 = try subject.responseLogProbabilities(keeping: [[true, false, true, false, false]])[0]
        #expect(abs(drops[1]!! - (full - Double(withoutTop1))) < 1e-6)
        #expect(abs(drops[3]!! - (full - Double(withoutTop3))) < 1e-6)
        #expect(drops[5]! == nil, "k = M removes every source: undefined")

        let sample = try DecoderFaithfulness.ablationSample(subject, count: 16, seed: 3)
        #expect(sample == (try DecoderFaithfulness.ablationSample(subject, count: 16, seed: 3)), "seeded")
        #expect(sample != (try DecoderFaithfulness.ablationSample(subject, count: 16, seed: 4)))
        let predicted = sample.masks.map { mask in zip(mask, scores).reduce(0.0) { $0 + ($1.0 ? Double($1.1) : 0) } }
        #expect(DecoderFaithfulness.linearDatamodelingScore(scores: scores, sample: sample) == RankCorrelation.spearmanRho(predicted, sample.logProbabilities))
        #expect(DecoderFaithfulness.linearDatamodelingScore(scores: [1, 1, 1, 1, 1], sample: sample) != nil,
                "equal scores still rank ablations by how many sources they keep")
    }
}
