import Foundation

/// Accuracy, macro-averaged F1 and Matthews correlation of predicted classes against gold labels.
public struct ClassificationScores: Sendable, Equatable, Codable {
    /// The number of examples scored.
    public var examples: Int
    /// The fraction predicted correctly.
    public var accuracy: Double
    /// The unweighted mean over classes of each class's F1 (a class never predicted nor present counts 0).
    public var macroF1: Double
    /// Matthews correlation coefficient (Gorodkin's multi-class R_K; the usual MCC for two classes),
    /// 0 when undefined (a constant prediction or a single gold class).
    public var mcc: Double

    /// Scores of `predictions` against `labels` over `classes` classes.
    public init(predictions: [Int], labels: [Int], classes: Int) {
        precondition(predictions.count == labels.count, "ClassificationScores: one prediction per label")
        var confusion = [[Double]](repeating: [Double](repeating: 0, count: classes), count: classes)
        for (p, l) in zip(predictions, labels) { confusion[l][p] += 1 }
        let n = Double(labels.count)
        examples = labels.count
        let correct = (0..<classes).reduce(0.0) { $0 + confusion[$1][$1] }
        accuracy = n > 0 ? correct / n : 0
        var f1Sum = 0.0
        let predicted = (0..<classes).map { k in (0..<classes).reduce(0.0) { $0 + confusion[$1][k] } }
        let actual = confusion.map { $0.reduce(0, +) }
        for k in 0..<classes {
            let tp = confusion[k][k], denominator = predicted[k] + actual[k]
            f1Sum += denominator > 0 ? 2 * tp / denominator : 0
        }
        macroF1 = classes > 0 ? f1Sum / Double(classes) : 0
        let covariance = correct * n - zip(predicted, actual).reduce(0) { $0 + $1.0 * $1.1 }
        let spreadP = n * n - predicted.reduce(0) { $0 + $1 * $1 }
        let spreadA = n * n - actual.reduce(0) { $0 + $1 * $1 }
        mcc = spreadP > 0 && spreadA > 0 ? covariance / (spreadP * spreadA).squareRoot() : 0
    }

    enum CodingKeys: String, CodingKey {
        case examples, accuracy, macroF1 = "macro_f1", mcc
    }
}
