import TensorCore

/// The order of mini-batches in one epoch, bucketed by length so that a batch pads little: shuffle
/// the examples, cut the shuffled list into pools of `poolBatches` batches, sort each pool by token
/// length (ties keep the shuffled order), cut the pools into batches and shuffle the batches. Every
/// choice draws from `SeededRandom(seed:).fork(epoch)`, so an epoch's plan is a pure function of
/// (lengths, batch size, seed, epoch) — which is what lets a killed fine-tune resume mid-epoch.
/// scripts/reference/finetune_torch.py implements the same plan with the same generator.
public enum LengthBuckets {
    /// Batches of example indices for `epoch`; the last batch of a pool may be smaller.
    public static func plan(lengths: [Int], batchSize: Int, poolBatches: Int = 50, seed: UInt64, epoch: Int) -> [[Int]] {
        precondition(batchSize > 0 && poolBatches > 0, "LengthBuckets: batch size and pool must be positive")
        var random = SeededRandom(seed: seed).fork(UInt64(epoch))
        var order = Array(lengths.indices)
        shuffle(&order, &random)
        let pool = batchSize * poolBatches
        var batches: [[Int]] = []
        var start = 0
        while start < order.count {
            let end = min(order.count, start + pool)
            let sorted = order[start..<end].enumerated()
                .sorted { (lengths[$0.element], $0.offset) < (lengths[$1.element], $1.offset) }
                .map(\.element)
            var i = 0
            while i < sorted.count {
                batches.append(Array(sorted[i..<min(sorted.count, i + batchSize)]))
                i += batchSize
            }
            start = end
        }
        shuffle(&batches, &random)
        return batches
    }

    /// Fisher–Yates from the last element down, with `nextInt(below:)`.
    static func shuffle<T>(_ items: inout [T], _ random: inout SeededRandom) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) { items.swapAt(i, random.nextInt(below: i + 1)) }
    }
}
