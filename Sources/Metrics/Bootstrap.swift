import TensorCore

/// Confidence intervals and paired significance tests over examples, seeded and reproducible.
///
/// Percentile bootstrap (Efron & Tibshirani 1993): resample the examples with replacement, recompute
/// the statistic, and take the 2.5th and 97.5th percentiles (linear interpolation between order
/// statistics, numpy's default "linear" method). The paired test resamples example indices once per
/// round for both explainers, so the two see the same examples.
public enum Bootstrap {
    /// A statistic's point estimate with its percentile interval.
    public struct Interval: Sendable, Equatable {
        /// The statistic on the original sample.
        public let estimate: Double
        /// The lower end of the interval.
        public let lower: Double
        /// The upper end of the interval.
        public let upper: Double
    }

    /// The default number of resamples.
    public static let defaultResamples = 1000

    /// The percentile interval of the mean of `values`.
    public static func meanInterval(_ values: [Double], confidence: Double = 0.95,
                                    resamples: Int = defaultResamples, seed: UInt64) -> Interval? {
        interval(count: values.count, confidence: confidence, resamples: resamples, seed: seed) { indices in
            indices.reduce(0) { $0 + values[$1] } / Double(indices.count)
        }
    }

    /// The percentile interval of any statistic of the examples, given as a function of resampled indices.
    public static func interval(count: Int, confidence: Double = 0.95, resamples: Int = defaultResamples,
                                seed: UInt64, statistic: ([Int]) -> Double) -> Interval? {
        precondition(confidence > 0 && confidence < 1, "confidence must be in (0, 1), got \(confidence)")
        precondition(resamples > 0, "resamples must be positive, got \(resamples)")
        guard count > 0 else { return nil }
        let draws = resampledStatistics(count: count, resamples: resamples, seed: seed, statistic: statistic)
        return percentileInterval(estimate: statistic(Array(0..<count)), draws: draws, confidence: confidence)
    }

    /// The statistic on `resamples` resamples of `count` examples drawn with replacement.
    static func resampledStatistics(count: Int, resamples: Int, seed: UInt64,
                                    statistic: ([Int]) -> Double) -> [Double] {
        var random = SeededRandom(seed: seed)
        var draws = [Double]()
        draws.reserveCapacity(resamples)
        var indices = [Int](repeating: 0, count: count)
        for _ in 0..<resamples {
            for i in 0..<count { indices[i] = random.nextInt(below: count) }
            draws.append(statistic(indices))
        }
        return draws
    }

    static func percentileInterval(estimate: Double, draws: [Double], confidence: Double) -> Interval {
        let sorted = draws.sorted()
        let alpha = (1 - confidence) / 2
        return Interval(estimate: estimate,
                        lower: percentile(sorted: sorted, alpha),
                        upper: percentile(sorted: sorted, 1 - alpha))
    }

    /// The outcome of a paired comparison of two explainers on the same examples.
    public struct PairedTest: Sendable, Equatable {
        /// mean(a) − mean(b) on the original sample.
        public let meanDifference: Double
        /// The percentile interval of the resampled mean differences.
        public let interval: Interval
        /// Two-sided bootstrap p-value: 2 · min(P(d* ≤ 0), P(d* ≥ 0)), capped at 1.
        public let pValue: Double
    }

    /// Paired bootstrap test of mean(a) − mean(b) over the same examples.
    public static func pairedTest(_ a: [Double], _ b: [Double], confidence: Double = 0.95,
                                  resamples: Int = defaultResamples, seed: UInt64) -> PairedTest? {
        precondition(a.count == b.count, "paired test needs the same examples: \(a.count) vs \(b.count) values")
        let differences = zip(a, b).map { $0 - $1 }
        guard !differences.isEmpty else { return nil }
        precondition(resamples > 0, "resamples must be positive, got \(resamples)")
        let mean: ([Int]) -> Double = { indices in
            indices.reduce(0) { $0 + differences[$1] } / Double(indices.count)
        }
        let draws = resampledStatistics(count: differences.count, resamples: resamples, seed: seed, statistic: mean)
        let atMostZero = draws.lazy.filter { $0 <= 0 }.count
        let atLeastZero = draws.lazy.filter { $0 >= 0 }.count
        let estimate = mean(Array(differences.indices))
        return PairedTest(meanDifference: estimate,
                          interval: percentileInterval(estimate: estimate, draws: draws, confidence: confidence),
                          pValue: min(1, 2 * Double(min(atMostZero, atLeastZero)) / Double(resamples)))
    }

    /// numpy's default ("linear") percentile of sorted values, q in [0, 1].
    public static func percentile(sorted values: [Double], _ q: Double) -> Double {
        precondition(!values.isEmpty, "percentile of no values")
        let position = q * Double(values.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, values.count - 1)
        let fraction = position - Double(lower)
        return values[lower] + (values[upper] - values[lower]) * fraction
    }
}
