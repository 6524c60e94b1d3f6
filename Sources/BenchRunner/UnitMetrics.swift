import ExplainerKit
import Metrics

/// The metrics of one explained unit, by name, as the leaderboard reports them.
///
/// Plausibility (encoder tasks with human rationales; undefined — nil — for an example whose rationale
/// has no positive word, e.g. a non-toxic HateXplain post, which ERASER and ferret leave out):
/// `token_f1` (top-k words, k = the rationale's size; ERASER/ferret), `auprc` (average precision,
/// scikit-learn), `auroc`, and `iou_precision` / `iou_recall` (ERASER span matching at IOU ≥ 0.5; the
/// leaderboard's `iou_f1` is the F1 of their means, ERASER's macro IOU-F1).
/// Faithfulness: encoder `comprehensiveness`, `sufficiency` (AOPC, ERASER), `tau_loo` (ferret);
/// decoder `topk_drop_1`, `topk_drop_3`, `topk_drop_5` and `lds` (AT2 / ContextCite).
enum UnitMetrics {
    /// Plausibility of word scores against a human rationale.
    ///
    /// `rationale_f1`, `rationale_precision`, `rationale_recall` score the explainer's own binary rationale
    /// when it declares a decision threshold on its scores (diagnostic `rationale_threshold`, e.g. ExpNet's
    /// p ≥ 0.5 with the single-best fallback: `RationaleSelection.threshold`), else the top-k one (then
    /// precision = recall = F1 = `token_f1`).
    static func plausibility(scores: [Float], rationale: [UInt8], threshold: Double? = nil) -> [String: Double?] {
        let human = rationale.map { $0 != 0 }
        let doubles = scores.map(Double.init)
        guard human.contains(true) else {
            return ["token_f1": nil, "auprc": nil, "auroc": nil, "iou_precision": nil, "iou_recall": nil,
                    "rationale_f1": nil, "rationale_precision": nil, "rationale_recall": nil]
        }
        let predicted = RationaleSelection.topK.select(scores: doubles, humanRationaleSize: human.filter { $0 }.count)
        let spans = SpanMatch.match(predicted: predicted, human: human)
        let own = threshold.map { RationaleSelection.threshold($0).select(scores: doubles, humanRationaleSize: 0) } ?? predicted
        let agreement = RationaleAgreement(predicted: own, human: human)
        return [
            "rationale_f1": agreement?.f1, "rationale_precision": agreement?.precision, "rationale_recall": agreement?.recall,
            "token_f1": RationaleAgreement(predicted: predicted, human: human)?.f1,
            "auprc": ScoreCurves.averagePrecision(labels: human, scores: doubles),
            "auroc": ScoreCurves.rocAUC(labels: human, scores: doubles),
            "iou_precision": spans.precision, "iou_recall": spans.recall,
        ]
    }

    /// Encoder faithfulness of word scores.
    static func encoderFaithfulness(scores: [Float], subject: EncoderSubject, leaveOneOut: [Double]) throws -> [String: Double?] {
        let result = try EncoderFaithfulness.evaluate(scores: scores, subject: subject, leaveOneOut: leaveOneOut)
        return ["comprehensiveness": result.comprehensiveness, "sufficiency": result.sufficiency, "tau_loo": result.tauLeaveOneOut]
    }

    /// Decoder faithfulness of source scores.
    static func decoderFaithfulness(scores: [Float], subject: DecoderSubject,
                                    sample: DecoderFaithfulness.AblationSample) throws -> [String: Double?] {
        var metrics: [String: Double?] = ["lds": DecoderFaithfulness.linearDatamodelingScore(scores: scores, sample: sample)]
        for (k, drop) in try DecoderFaithfulness.topKDrops(scores: scores, subject: subject) { metrics["topk_drop_\(k)"] = drop }
        return metrics
    }
}
