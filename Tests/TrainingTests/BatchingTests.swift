import Testing
import Training

/// The length-bucketed batch plan and the classification scores.
@Suite struct BatchingTests {
    let lengths: [Int] = (0..<1000).map { ($0 * 7919) % 97 + 3 }

    @Test func everyExampleAppearsOnceAndPoolsAreSortedByLength() {
        let plan = LengthBuckets.plan(lengths: lengths, batchSize: 16, poolBatches: 5, seed: 1, epoch: 0)
        #expect(plan.flatMap { $0 }.sorted() == Array(lengths.indices))
        #expect(plan.allSatisfy { $0.count <= 16 && !$0.isEmpty })
        // Bucketing pads far less than random batches: within a batch lengths come from one sorted pool.
        let padding = plan.reduce(0) { total, batch in
            let longest = batch.map { lengths[$0] }.max()!
            return total + batch.reduce(0) { $0 + longest - lengths[$1] }
        }
        #expect(padding < lengths.count * 10)
        for batch in plan { #expect(batch.map { lengths[$0] } == batch.map { lengths[$0] }.sorted()) }
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
        let f1Negative = 6.0 / 9.0, f1Positive = 8.0 / 11.0
        #expect(abs(s.macroF1 - (f1Negative + f1Positive) / 2) < 1e-12)
        let mcc = (3.0 * 4 - 1 * 2) / (4.0 * 6 * 5 * 5).squareRoot()
        #expect(abs(s.mcc - mcc) < 1e-12)
        #expect(ClassificationScores(predictions: [1, 1, 1], labels: [0, 1, 1], classes: 2).mcc == 0)
    }
}
