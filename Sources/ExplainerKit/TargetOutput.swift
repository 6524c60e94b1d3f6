import Foundation

/// Which number of an encoder classifier's output an explainer attributes.
public enum TargetOutput: String, Sendable, Codable, CaseIterable {
    /// The target class's logit (Captum's convention on HF classifiers' `logits`).
    case logit
    /// The target class's softmax probability (lime's `predict_proba`, shap's and ferret's default).
    case probability
    /// log softmax of the target class.
    case logProbability = "log-probability"

    /// The chosen number for `target` from one row of logits.
    public func value(logits: ArraySlice<Float>, target: Int) -> Float {
        switch self {
        case .logit: return logits[logits.startIndex + target]
        case .probability, .logProbability:
            let logProbability = logits[logits.startIndex + target] - Self.logSumExp(logits)
            return self == .probability ? exp(logProbability) : logProbability
        }
    }

    /// ∂ value / ∂ logits for one row.
    public func gradient(logits: ArraySlice<Float>, target: Int) -> [Float] {
        var result = [Float](repeating: 0, count: logits.count)
        switch self {
        case .logit:
            result[target] = 1
        case .probability, .logProbability:
            let peak = logits.max() ?? 0
            let exps = logits.map { exp($0 - peak) }
            let total = exps.reduce(0, +)
            let probabilities = exps.map { $0 / total }
            for j in result.indices { result[j] = (j == target ? 1 : 0) - probabilities[j] }
            if self == .probability { for j in result.indices { result[j] *= probabilities[target] } }
        }
        return result
    }
}

extension TargetOutput {
    /// log Σ exp(logits), stable.
    static func logSumExp(_ logits: ArraySlice<Float>) -> Float {
        let peak = logits.max() ?? 0
        return log(logits.reduce(Float(0)) { $0 + exp($1 - peak) }) + peak
    }
}
