import ExplainerKit

/// Faithfulness of word attributions on an encoder classifier, by erasure.
///
/// - Comprehensiveness and sufficiency (ERASER, DeYoung et al. 2020), aggregated as AOPC over the bins
///   {1, 5, 10, 20, 50}% of the words: comprehensiveness = p(y|x) − p(y|x without the top-k words),
///   sufficiency = p(y|x) − p(y|the top-k words alone), averaged over the bins. A bin keeps
///   k = ⌊p·M⌋ words, and bins with k = 0 or the same k as the previous bin are left out — ferret's
///   `_get_id_tokens_percentage` rule — so short inputs average over fewer bins; with no bin left (M < 2)
///   the example has no value and is counted as undefined. Words are removed by deletion, as ERASER
///   and ferret remove tokens; ties in scores break by position (earlier word first).
/// - τ with leave-one-out (ferret's `TauLOO_Evaluation`): Kendall τ-b between the scores and each
///   word's leave-one-out drop p(y|x) − p(y|x without the word); undefined when either is constant.
/// The probability is the target class's softmax probability, as in ERASER and ferret.
public enum EncoderFaithfulness {
    /// ERASER's bins.
    public static let eraserBins: [Double] = [0.01, 0.05, 0.10, 0.20, 0.50]

    /// One example's results.
    public struct Result: Sendable, Equatable {
        /// AOPC comprehensiveness (higher is more faithful), nil when no bin applies.
        public var comprehensiveness: Double?
        /// AOPC sufficiency (lower is more faithful), nil when no bin applies.
        public var sufficiency: Double?
        /// Kendall τ-b with leave-one-out (higher is more faithful), nil when undefined.
        public var tauLeaveOneOut: Double?
        /// Forward passes spent.
        public var forwardPasses: Int
    }

    /// The number of words each bin removes, after ferret's rule (k = ⌊p·M⌋, k > 0, no repeats).
    public static func binSizes(features: Int, bins: [Double] = eraserBins) -> [Int] {
        var sizes: [Int] = []
        for bin in bins {
            let k = Int(bin * Double(features))
            if k > 0, k <= features, sizes.last != k { sizes.append(k) }
        }
        return sizes
    }

    /// Each word's leave-one-out drop p(y|x) − p(y|x without it), by deletion. Independent of any
    /// explainer: compute once per example and share.
    public static func leaveOneOutDrops(_ subject: EncoderSubject) throws -> [Double] {
        let m = subject.words.count
        let masks = (0..<m).map { left in (0..<m).map { $0 != left } }
        let base = Double(TargetOutput.probability.value(logits: subject.logits[...], target: subject.target))
        return try subject.targetValues(keeping: masks, removal: .delete, output: .probability).map { base - Double($0) }
    }

    /// Comprehensiveness, sufficiency and τ-LOO of `scores` (one per word); `leaveOneOut` from
    /// `leaveOneOutDrops` (computed when nil). All masked inputs run in one batched evaluation.
    public static func evaluate(scores: [Float], subject: EncoderSubject, bins: [Double] = eraserBins,
                                leaveOneOut: [Double]? = nil) throws -> Result {
        let m = subject.words.count
        precondition(scores.count == m, "EncoderFaithfulness: \(scores.count) scores for \(m) words")
        let order = RationaleSelection.descendingOrder(scores.map(Double.init))
        let sizes = binSizes(features: m, bins: bins)
        var masks: [[Bool]] = []
        for k in sizes {
            var top = [Bool](repeating: false, count: m)
            for index in order.prefix(k) { top[index] = true }
            masks.append(top.map { !$0 })   // comprehensiveness: remove the top k
            masks.append(top)               // sufficiency: keep only the top k
        }
        let values = try subject.targetValues(keeping: masks, removal: .delete, output: .probability).map(Double.init)
        let base = Double(TargetOutput.probability.value(logits: subject.logits[...], target: subject.target))
        var comprehensiveness: [Double] = [], sufficiency: [Double] = []
        for bin in sizes.indices {
            comprehensiveness.append(base - values[2 * bin])
            sufficiency.append(base - values[2 * bin + 1])
        }
        var passes = masks.count
        let drops: [Double]
        if let leaveOneOut { drops = leaveOneOut } else {
            drops = try leaveOneOutDrops(subject)
            passes += m
        }
        return Result(comprehensiveness: mean(comprehensiveness), sufficiency: mean(sufficiency),
                      tauLeaveOneOut: RankCorrelation.kendallTauB(drops, scores.map(Double.init)), forwardPasses: passes)
    }

    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}
