/// Precision, recall and F1 of one predicted binary rationale against a human one (ERASER's
/// `score_hard_rationale_predictions` and ferret's `Tokenf1_PlausibilityEvaluation`, per instance).
public struct RationaleAgreement: Sendable, Equatable {
    /// True positives / predicted positives (0 when nothing is predicted).
    public let precision: Double
    /// True positives / human positives.
    public let recall: Double
    /// The harmonic mean of precision and recall (0 when either is 0).
    public let f1: Double
    /// Counts behind the ratios, for micro averaging.
    public let truePositives: Int, predictedPositives: Int, humanPositives: Int

    /// The agreement of `predicted` with `human`; `nil` when the human rationale is empty, an example
    /// that ERASER leaves out of rationale scoring (it has no evidence key) and that callers count.
    public init?(predicted: [Bool], human: [Bool]) {
        precondition(predicted.count == human.count,
                     "rationale lengths differ: predicted \(predicted.count) words, human \(human.count)")
        let humanPositives = human.lazy.filter { $0 }.count
        guard humanPositives > 0 else { return nil }
        let predictedPositives = predicted.lazy.filter { $0 }.count
        let truePositives = zip(predicted, human).lazy.filter { $0 && $1 }.count
        self.truePositives = truePositives
        self.predictedPositives = predictedPositives
        self.humanPositives = humanPositives
        precision = predictedPositives > 0 ? Double(truePositives) / Double(predictedPositives) : 0
        recall = Double(truePositives) / Double(humanPositives)
        f1 = harmonicMean(precision, recall)
    }
}

/// ERASER's `_f1`: 0 when either value is 0.
func harmonicMean(_ p: Double, _ r: Double) -> Double {
    p == 0 || r == 0 ? 0 : 2 * p * r / (p + r)
}
