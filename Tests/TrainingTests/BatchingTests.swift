import Testing
import Training

/// The length-bucketed batch plan and the classification scores.
@Suite struct BatchingTests {
    let lengths: [Int] = (0..<1000).map { (i: Int) -> Int in (i * 7919) % 97 + 3 }

    @Test func everyExampleAppearsOnceAndPoolsAreSortedByLength() {
        let plan = LengthBuckets.plan(lengths: lengths, batchSize: 16, poolBatches: 5, seed: 1, epoch: 0)
        #expect(plan.flatMap { $0 }.sorted() == Array(lengths.indices))
        #expect(plan.allSatisfy { $0.count <= 16 && !$0.isEmpty })
        // Bucketing pads far less than random batches: within a batch lengths come from one sorted pool.
        var padding = 0
        for batch in plan {
            let batchLengths: [Int] = batch.map { lengths[$0] }
            let longest: Int = batchLengths.max()!
            for length in batchLengths { padding += longest - length }
        }
        #expect(padding < lengths.count * 10)
        for batch in plan {
            let batchLengths: [Int] = batch.map { lengths[$0] }
            #expect(batchLengths == batchLengths.sorted())
        }
    }

    @Test func planIsSeededAndDiffersAcrossEpochs() {
        let a = LengthBuckets.plan(lengths: lengths, batchSize: 16, seed: 1, epoch: 0)
        #expect(a == LengthBuckets.plan(lengths: lengths, batchSize: 16, seed: 1, epoch: 0))
        #expect(a != LengthBuckets.plan(lengths: lengths, batchSize: 16, seed: 1, epoch: 1))
        #expect(a != LengthBuckets.plan(lengths: lengths, batchSize: 16, seed: 2, epoch: 0))
    }

    @Test func scoresMatchHandComputedValues() {
        // Confusion (gold rows, predicted columns): [[3, 1], [2, 4]].
        let labels = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1], predictions = [0, 0, 0, 1, 0, 0, 1, 1, 1, 1]
        let s = ClassificationScores(predictions: predictions, labels: labels, classes: 2)
        #expect(s.accuracy == 0.7)
        let f1Negative: Double = 6.0 / 9.0, f1Positive: Double = 8.0 / 11.0
        let macro: Double = (f1Negative + f1Positive) / 2
        #expect(abs(s.macroF1 - macro) < 1e-12)
        let mcc: Double = 10 / Double(600).squareRoot()  // (TP·TN − FP·FN) / √(4·6·5·5)
        #expect(abs(s.mcc - mcc) < 1e-12)
        #expect(ClassificationScores(predictions: [1, 1, 1], labels: [0, 1, 1], classes: 2).mcc == 0)
    }
}
