import ExplainerKit
import Testing

/// Token-to-word aggregation, the masker and target outputs.
@Suite struct AggregationAndTargetTests {
    let features: [Int?] = [nil, 0, 1, 1, 2, nil]
    let scores: [Float] = [9, 1, 2, -5, 3, 9]

    @Test func aggregationsFollowTheirDefinitions() {
        #expect(FeatureAggregation.sum.aggregate(scores, tokenFeatures: features, featureCount: 4) == [1, -3, 3, 0])
        #expect(FeatureAggregation.mean.aggregate(scores, tokenFeatures: features, featureCount: 3) == [1, -1.5, 3])
        #expect(FeatureAggregation.maxAbsolute.aggregate(scores, tokenFeatures: features, featureCount: 3) == [1, -5, 3])
        #expect(FeatureAggregation.first.aggregate(scores, tokenFeatures: features, featureCount: 3) == [1, 2, 3])
    }

    @Test func theMaskerRemovesWholeWordsAndNeverSpecials() {
        let ids: [Int32] = [101, 7, 8, 9, 10, 102]
        let kept = [true, false, true]
        let mask = TokenMasker(ids: ids, wordIDs: features, maskID: 103, padID: 0, removal: .mask).apply(keeping: kept)
        #expect(mask.ids == [101, 7, 103, 103, 10, 102] && mask.keyMask == [1, 1, 1, 1, 1, 1])
        let pad = TokenMasker(ids: ids, wordIDs: features, maskID: 103, padID: 0, removal: .pad).apply(keeping: kept)
        #expect(pad.ids == [101, 7, 0, 0, 10, 102] && pad.keyMask == [1, 1, 0, 0, 1, 1])
        let delete = TokenMasker(ids: ids, wordIDs: features, maskID: 103, padID: 0, removal: .delete).apply(keeping: kept)
        #expect(delete.ids == [101, 7, 10, 102] && delete.keyMask == [1, 1, 1, 1])
        let all = TokenMasker(ids: ids, wordIDs: features, maskID: 103, padID: 0, removal: .mask).apply(keeping: [true, true, true])
        #expect(all.ids == ids)
    }

    @Test(arguments: TargetOutput.allCases) func targetGradientsMatchFiniteDifferences(output: TargetOutput) {
        let logits: [Float] = [0.3, -1.2, 2.0, 0.5]
        for target in 0..<4 {
            let gradient = output.gradient(logits: logits[...], target: target)
            for j in 0..<4 {
                var up = logits, down = logits
                up[j] += 1e-2
                down[j] -= 1e-2
                let numeric = (Double(output.value(logits: up[...], target: target)) - Double(output.value(logits: down[...], target: target))) / 2e-2
                #expect(abs(Double(gradient[j]) - numeric) < 2e-3, "\(output) target \(target) logit \(j)")
            }
        }
        let probabilities = (0..<4).map { TargetOutput.probability.value(logits: logits[...], target: $0) }
        #expect(abs(probabilities.reduce(0, +) - 1) < 1e-6)
    }
}
