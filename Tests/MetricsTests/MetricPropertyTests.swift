import Testing
import TensorCore
@testable import Metrics

/// Properties each metric promises, independent of any reference implementation.
@Suite struct MetricPropertyTests {
    @Test func topKOfTheHumanRationaleItselfScoresF1One() throws {
        var random = SeededRandom(seed: 3)
        for length in [1, 2, 5, 17, 40] {
            var human = (0..<length).map { _ in random.nextDouble() < 0.4 }
            human[random.nextInt(below: length)] = true
            let scores = human.map { $0 ? 1.0 + random.nextDouble() : random.nextDouble() }
            let predicted = RationaleSelection.topK.select(scores: scores, humanRationaleSize: human.filter { $0 }.count)
            let agreement = try #require(RationaleAgreement(predicted: predicted, human: human))
            #expect(agreement.f1 == 1)
            #expect(SpanMatch.macroF1([SpanMatch.match(predicted: predicted, human: human)]) == 1)
        }
    }

    @Test func emptyHumanRationaleIsExcludedNotScored() {
        #expect(RationaleAgreement(predicted: [true, false], human: [false, false]) == nil)
    }

    @Test func thresholdFallsBackToTheBestWord() {
        let chosen = RationaleSelection.threshold(0.5).select(scores: [0.1, 0.4, 0.2], humanRationaleSize: 2)
        #expect(chosen == [false, true, false])
        let several = RationaleSelection.threshold(0.5).select(scores: [0.9, 0.4, 0.5], humanRationaleSize: 1)
        #expect(several == [true, false, true])
    }

    @Test func perfectAndReversedRankings() throws {
        let labels = [true, true, false, false, false]
        let perfect = [0.9, 0.8, 0.3, 0.2, 0.1]
        #expect(try #require(ScoreCurves.averagePrecision(labels: labels, scores: perfect)) == 1)
        #expect(try #require(ScoreCurves.rocAUC(labels: labels, scores: perfect)) == 1)
        #expect(try #require(ScoreCurves.rocAUC(labels: labels, scores: perfect.map { -$0 })) == 0)
        #expect(try #require(RankCorrelation.kendallTauB(perfect, perfect)) == 1)
        #expect(try #require(RankCorrelation.spearmanRho(perfect, perfect.reversed())) == -1)
    }

    @Test func singleClassTruthIsUndefined() {
        #expect(ScoreCurves.averagePrecision(labels: [true, true], scores: [0.1, 0.2]) == nil)
        #expect(ScoreCurves.rocAUC(labels: [false, false], scores: [0.1, 0.2]) == nil)
    }

    @Test func bootstrapOfConstantValuesIsThatValue() throws {
        let interval = try #require(Bootstrap.meanInterval([2.5, 2.5, 2.5, 2.5], seed: 1))
        #expect(interval.estimate == 2.5 && interval.lower == 2.5 && interval.upper == 2.5)
    }

    @Test func bootstrapIntervalBracketsTheMeanAndIsSeeded() throws {
        var random = SeededRandom(seed: 11)
        let values = (0..<200).map { _ in random.nextGaussian() }
        let a = try #require(Bootstrap.meanInterval(values, seed: 5))
        let b = try #require(Bootstrap.meanInterval(values, seed: 5))
        #expect(a == b)
        #expect(a.lower < a.estimate && a.estimate < a.upper)
        // The standard error of a mean of 200 unit normals is ~0.071: a 95% interval is ~0.28 wide.
        #expect(a.upper - a.lower > 0.2 && a.upper - a.lower < 0.36)
    }

    @Test func pairedTestSeesRealAndAbsentDifferences() throws {
        var random = SeededRandom(seed: 12)
        let a = (0..<100).map { _ in random.nextGaussian() }
        let same = try #require(Bootstrap.pairedTest(a, a, seed: 1))
        #expect(same.pValue == 1)
        let shifted = try #require(Bootstrap.pairedTest(a.map { $0 + 0.5 }, a, seed: 1))
        #expect(shifted.pValue < 0.01)
        #expect(abs(shifted.meanDifference - 0.5) < 1e-12)
    }

    @Test func seededRandomIsReproducibleAndInRange() {
        var a = SeededRandom(seed: 77), b = SeededRandom(seed: 77)
        for _ in 0..<100 { #expect(a.next() == b.next()) }
        var c = SeededRandom(seed: 78)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<7000 { counts[c.nextInt(below: 7)] += 1 }
        #expect(counts.allSatisfy { $0 > 850 && $0 < 1150 })
        let d = c.nextDouble()
        #expect(d >= 0 && d < 1)
    }
}
