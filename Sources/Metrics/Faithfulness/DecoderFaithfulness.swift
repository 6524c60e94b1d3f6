import ExplainerKit
import TensorCore

/// Faithfulness of source attributions on a decoder LM, as AT2 (arXiv 2504.13752) and ContextCite
/// (Cohen-Wang et al. 2024) measure it; a source is removed by deleting its tokens.
///
/// - Top-k log-probability drop: log p(response | full context) − log p(response | context without the
///   k highest-scored sources), for k ∈ {1, 3, 5} (ContextCite's and AT2's k); undefined for k ≥ M.
/// - Linear datamodeling score (LDS): the Spearman correlation, over random ablations that keep each
///   source with probability ½, between the attribution's predicted effect (the sum of the kept
///   sources' scores) and the actual log p(response | ablated context). 64 ablations by default,
///   seeded per example so every explainer is scored on the same ablations.
public enum DecoderFaithfulness {
    /// The k of the top-k drop.
    public static let topKValues = [1, 3, 5]

    /// Random ablations of one example and the actual log-probabilities under them.
    public struct AblationSample: Sendable, Equatable {
        /// Which sources each ablation keeps.
        public var masks: [[Bool]]
        /// log p(response) under each.
        public var logProbabilities: [Double]
    }

    /// `count` ablations keeping each source with `keepProbability`, seeded by `seed` and the input,
    /// with their actual log-probabilities (one batched evaluation). Independent of any explainer.
    public static func ablationSample(_ subject: DecoderSubject, count: Int = 64, keepProbability: Double = 0.5,
                                      seed: UInt64 = 0) throws -> AblationSample {
        var random = SeededRandom(seed: seed ^ ExplanationSubject.decoder(subject).fingerprint)
        let m = subject.sources.count
        let masks = (0..<count).map { _ in (0..<m).map { _ in random.nextDouble() < keepProbability } }
        let values = try subject.responseLogProbabilities(keeping: masks).map(Double.init)
        return AblationSample(masks: masks, logProbabilities: values)
    }

    /// LDS of `scores` (one per source) on `sample`; nil when either side is constant.
    public static func linearDatamodelingScore(scores: [Float], sample: AblationSample) -> Double? {
        let predicted = sample.masks.map { mask in zip(mask, scores).reduce(0.0) { $0 + ($1.0 ? Double($1.1) : 0) } }
        return RankCorrelation.spearmanRho(predicted, sample.logProbabilities)
    }

    /// The top-k drops of `scores` for each k in `ks` (nil where k ≥ the number of sources).
    public static func topKDrops(scores: [Float], subject: DecoderSubject, ks: [Int] = topKValues) throws -> [Int: Double?] {
        let m = subject.sources.count
        let order = RationaleSelection.descendingOrder(scores.map(Double.init))
        let usable = ks.filter { $0 < m }
        let masks = usable.map { k in
            var keep = [Bool](repeating: true, count: m)
            for index in order.prefix(k) { keep[index] = false }
            return keep
        }
        let values = try subject.responseLogProbabilities(keeping: masks)
        var result: [Int: Double?] = [:]
        for k in ks { result[k] = .some(nil) }
        for (k, value) in zip(usable, values) { result[k] = Double(subject.fullLogProbability) - Double(value) }
        return result
    }
}
