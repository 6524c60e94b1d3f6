import AttriJSON
import Foundation
import Testing
import TensorCore
@testable import Metrics

/// Compares every metric with the values scikit-learn, scipy, ferret's and ERASER's definitions give
/// (`scripts/golden/metrics_golden.py` writes `Golden/metrics_golden.json`).
@Suite struct MetricGoldenTests {
    static let golden: JSONCursor = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden/metrics_golden.json").path
        let source = JSONSource(name: path)
        return JSONCursor(try! JSONParser.parse(contentsOf: path), source: source)
    }()

    static func optionalDouble(_ cursor: JSONCursor, _ key: String) throws -> Double? {
        try cursor.optionalField(key)?.double()
    }

    @Test func scoreCurvesMatchScikitLearn() throws {
        let cases = try Self.golden.field("score_curves").array()
        #expect(cases.count >= 20)
        for c in cases {
            let labels = try c.field("labels").integers(allowed: 0...1).map { $0 == 1 }
            let scores = try c.field("scores").doubles()
            let pairs: [(Double?, Double?)] = [
                (ScoreCurves.averagePrecision(labels: labels, scores: scores), try Self.optionalDouble(c, "average_precision")),
                (ScoreCurves.rocAUC(labels: labels, scores: scores), try Self.optionalDouble(c, "roc_auc")),
                (ScoreCurves.precisionRecallAUC(labels: labels, scores: scores), try Self.optionalDouble(c, "pr_auc")),
            ]
            for (actual, expected) in pairs {
                #expect((actual == nil) == (expected == nil), "labels \(labels) scores \(scores)")
                if let actual, let expected {
                    #expect(abs(actual - expected) <= 1e-12, "labels \(labels) scores \(scores): \(actual) vs \(expected)")
                }
            }
        }
    }

    @Test func correlationsMatchScipy() throws {
        let cases = try Self.golden.field("correlations").array()
        #expect(cases.count >= 20)
        for c in cases {
            let x = try c.field("x").doubles(), y = try c.field("y").doubles()
            let pairs: [(Double?, Double?)] = [
                (RankCorrelation.kendallTauB(x, y), try Self.optionalDouble(c, "kendall_tau_b")),
                (RankCorrelation.spearmanRho(x, y), try Self.optionalDouble(c, "spearman_rho")),
            ]
            for (actual, expected) in pairs {
                #expect((actual == nil) == (expected == nil), "x \(x) y \(y)")
                if let actual, let expected { #expect(abs(actual - expected) <= 1e-12, "x \(x) y \(y)") }
            }
        }
    }

    @Test func topKRationaleF1MatchesFerret() throws {
        let cases = try Self.golden.field("rationales").array()
        #expect(cases.count >= 20)
        for c in cases {
            let scores = try c.field("scores").doubles()
            let human = try c.field("human").integers(allowed: 0...1).map { $0 == 1 }
            let predicted = RationaleSelection.topK.select(scores: scores, humanRationaleSize: human.filter { $0 }.count)
            #expect(predicted == (try c.field("topk_prediction").integers(allowed: 0...1).map { $0 == 1 }))
            let agreement = try #require(RationaleAgreement(predicted: predicted, human: human))
            #expect(abs(agreement.precision - (try c.field("precision").double())) <= 1e-12)
            #expect(abs(agreement.recall - (try c.field("recall").double())) <= 1e-12)
            #expect(abs(agreement.f1 - (try c.field("f1").double())) <= 1e-12)
        }
    }

    @Test func iouF1MatchesEraser() throws {
        let groups = try Self.golden.field("iou").array()
        var instanceCount = 0
        for group in groups {
            let instances = try group.field("instances").array().map { instance in
                SpanMatch.match(predicted: try instance.field("predicted").integers(allowed: 0...1).map { $0 == 1 },
                                human: try instance.field("human").integers(allowed: 0...1).map { $0 == 1 })
            }
            instanceCount += instances.count
            #expect(instances.map(\.truePositives) == (try group.field("true_positives").integers()))
            #expect(instances.map(\.predictedSpans) == (try group.field("predicted_spans").integers()))
            #expect(instances.map(\.humanSpans) == (try group.field("human_spans").integers()))
            #expect(abs(SpanMatch.macroF1(instances) - (try group.field("macro_f1").double())) <= 1e-12)
            #expect(abs(SpanMatch.microF1(instances) - (try group.field("micro_f1").double())) <= 1e-12)
        }
        #expect(instanceCount >= 20)
    }

    @Test func bootstrapMatchesTheSameDrawsInNumpy() throws {
        for c in try Self.golden.field("bootstrap").array() {
            let values = try c.field("values").doubles()
            let seed = UInt64(try c.field("seed").integer())
            let interval = try #require(Bootstrap.meanInterval(values, seed: seed))
            #expect(abs(interval.estimate - (try c.field("mean").double())) <= 1e-12)
            #expect(abs(interval.lower - (try c.field("lower").double())) <= 1e-12)
            #expect(abs(interval.upper - (try c.field("upper").double())) <= 1e-12)
        }
    }

    @Test func seededRandomMatchesTheReferenceSplitMix64() throws {
        var random = SeededRandom(seed: 12345)
        let expected = try Self.golden.field("splitmix64_seed12345_first5").strings().map { UInt64($0)! }
        #expect((0..<5).map { _ in random.next() } == expected)
        let bounded = try Self.golden.field("splitmix64_seed99_next_int")
        // Each bound is drawn from a fresh generator seeded with 99, as the script does.
        let values = try bounded.field("bounds").integers().map { bound -> Int in
            var fresh = SeededRandom(seed: 99)
            return fresh.nextInt(below: bound)
        }
        #expect(values == (try bounded.field("values").integers()))
    }
}
