/// ERASER's IOU-F1: predicted rationale spans matched to human spans by token intersection-over-union
/// (`partial_match_score` in ERASER's `rationale_benchmark/metrics.py`, DeYoung et al. 2020).
///
/// A span is a maximal run of consecutive selected words. A predicted span is a true positive when its
/// best IOU with any human span is at least the threshold (0.5 in ERASER's tables). Per instance,
/// precision = TP / predicted spans and recall = TP / human spans; ERASER's macro IOU-F1 is the F1 of
/// the mean precision and the mean recall over instances (see `SpanMatch.macroF1`).
public enum SpanMatch {
    /// The half-open word ranges of the maximal runs of `true` in `mask`.
    public static func spans(_ mask: [Bool]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start: Int?
        for (index, selected) in mask.enumerated() {
            if selected, start == nil { start = index }
            if !selected, let s = start { result.append(s..<index); start = nil }
        }
        if let s = start { result.append(s..<mask.count) }
        return result
    }

    /// Token-level IOU of two spans.
    public static func iou(_ a: Range<Int>, _ b: Range<Int>) -> Double {
        let intersection = max(0, min(a.upperBound, b.upperBound) - max(a.lowerBound, b.lowerBound))
        let union = a.count + b.count - intersection
        return union == 0 ? 0 : Double(intersection) / Double(union)
    }

    /// One instance's span counts at a threshold.
    public struct Instance: Sendable, Equatable {
        /// Predicted spans whose best IOU reaches the threshold.
        public let truePositives: Int
        /// Number of predicted spans.
        public let predictedSpans: Int
        /// Number of human spans.
        public let humanSpans: Int

        /// TP / predicted spans (0 without predictions).
        public var precision: Double { predictedSpans > 0 ? Double(truePositives) / Double(predictedSpans) : 0 }
        /// TP / human spans (0 without human spans).
        public var recall: Double { humanSpans > 0 ? Double(truePositives) / Double(humanSpans) : 0 }
    }

    /// Matches the spans of `predicted` to those of `human` at `threshold`.
    public static func match(predicted: [Bool], human: [Bool], threshold: Double = 0.5) -> Instance {
        precondition(predicted.count == human.count,
                     "rationale lengths differ: predicted \(predicted.count) words, human \(human.count)")
        let humanSpans = spans(human)
        let predictedSpans = spans(predicted)
        let hits = predictedSpans.filter { p in
            humanSpans.map { iou(p, $0) }.max().map { $0 >= threshold } ?? false
        }.count
        return Instance(truePositives: hits, predictedSpans: predictedSpans.count, humanSpans: humanSpans.count)
    }

    /// ERASER's macro IOU-F1 over instances: F1 of (mean precision, mean recall).
    public static func macroF1(_ instances: [Instance]) -> Double {
        guard !instances.isEmpty else { return 0 }
        let n = Double(instances.count)
        let p = instances.reduce(0) { $0 + $1.precision } / n
        let r = instances.reduce(0) { $0 + $1.recall } / n
        return harmonicMean(p, r)
    }

    /// ERASER's micro IOU-F1 over instances: F1 of pooled TP / pooled counts.
    public static func microF1(_ instances: [Instance]) -> Double {
        let tp = Double(instances.reduce(0) { $0 + $1.truePositives })
        let predicted = Double(instances.reduce(0) { $0 + $1.predictedSpans })
        let human = Double(instances.reduce(0) { $0 + $1.humanSpans })
        return harmonicMean(predicted > 0 ? tp / predicted : 0, human > 0 ? tp / human : 0)
    }
}
