/// Threshold-free agreement between real-valued scores and binary truth, as scikit-learn computes it.
///
/// - `averagePrecision` follows `sklearn.metrics.average_precision_score`:
///   AP = Σₙ (Rₙ − Rₙ₋₁)·Pₙ over the distinct score thresholds, highest first.
/// - `rocAUC` follows `sklearn.metrics.roc_auc_score` (trapezoidal area; tied scores form one step).
/// - `precisionRecallAUC` follows ERASER's and ferret's AUPRC:
///   `auc(recall, precision)` over `precision_recall_curve` (trapezoidal, with the final (R=0, P=1) point).
/// Each returns `nil` when the truth has a single class (no positive or no negative), where the
/// reference either raises or returns an undefined value; callers count such examples separately.
public enum ScoreCurves {
    /// One operating point per distinct threshold, highest threshold first.
    struct Point {
        let truePositives: Double
        let falsePositives: Double
    }

    /// Cumulative true/false positives at each distinct score, scores sorted in decreasing order.
    static func operatingPoints(labels: [Bool], scores: [Double]) -> [Point] {
        precondition(labels.count == scores.count, "labels and scores differ in length (\(labels.count) vs \(scores.count))")
        let order = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        var points: [Point] = []
        var tp = 0.0, fp = 0.0
        for (position, index) in order.enumerated() {
            if labels[index] { tp += 1 } else { fp += 1 }
            let isLastOfTie = position + 1 == order.count || scores[order[position + 1]] != scores[index]
            if isLastOfTie { points.append(Point(truePositives: tp, falsePositives: fp)) }
        }
        return points
    }

    /// Average precision (scikit-learn's `average_precision_score`).
    public static func averagePrecision(labels: [Bool], scores: [Double]) -> Double? {
        let positives = Double(labels.lazy.filter { $0 }.count)
        guard positives > 0, positives < Double(labels.count) else { return nil }
        var previousRecall = 0.0, sum = 0.0
        for point in operatingPoints(labels: labels, scores: scores) {
            let recall = point.truePositives / positives
            let precision = point.truePositives / (point.truePositives + point.falsePositives)
            sum += (recall - previousRecall) * precision
            previousRecall = recall
        }
        return sum
    }

    /// Area under the ROC curve (scikit-learn's `roc_auc_score`).
    public static func rocAUC(labels: [Bool], scores: [Double]) -> Double? {
        let positives = Double(labels.lazy.filter { $0 }.count)
        let negatives = Double(labels.count) - positives
        guard positives > 0, negatives > 0 else { return nil }
        var area = 0.0, previousTPR = 0.0, previousFPR = 0.0
        for point in operatingPoints(labels: labels, scores: scores) {
            let tpr = point.truePositives / positives, fpr = point.falsePositives / negatives
            area += (fpr - previousFPR) * (tpr + previousTPR) / 2
            previousTPR = tpr
            previousFPR = fpr
        }
        return area
    }

    /// Area under the precision–recall curve by the trapezoidal rule (ERASER's and ferret's AUPRC).
    public static func precisionRecallAUC(labels: [Bool], scores: [Double]) -> Double? {
        let positives = Double(labels.lazy.filter { $0 }.count)
        guard positives > 0, positives < Double(labels.count) else { return nil }
        // sklearn's curve, read from recall 0 upward: (R=0, P=1), then each threshold from the highest.
        var area = 0.0, previousRecall = 0.0, previousPrecision = 1.0
        for point in operatingPoints(labels: labels, scores: scores) {
            let recall = point.truePositives / positives
            let precision = point.truePositives / (point.truePositives + point.falsePositives)
            area += (recall - previousRecall) * (precision + previousPrecision) / 2
            previousRecall = recall
            previousPrecision = precision
        }
        return area
    }
}
