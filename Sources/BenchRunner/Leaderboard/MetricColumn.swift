/// A metric column of the leaderboard: its name, direction, and how per-example values aggregate.
public struct MetricColumn: Sendable, Equatable {
    /// How a column aggregates per-example values.
    public enum Aggregate: Sendable, Equatable {
        /// The mean of one per-example value.
        case mean(String)
        /// The F1 of the means of two per-example values (ERASER's macro IOU-F1 from span precision/recall).
        case f1OfMeans(precision: String, recall: String)
    }

    /// The column's name.
    public let name: String
    /// Whether larger is better.
    public let higherIsBetter: Bool
    /// How it aggregates.
    public let aggregate: Aggregate
    /// The family the column belongs to (plausibility or faithfulness).
    public let family: String

    /// The per-example keys the column reads.
    var keys: [String] {
        switch aggregate {
        case .mean(let key): return [key]
        case let .f1OfMeans(precision, recall): return [precision, recall]
        }
    }

    /// Every column the leaderboard knows, in display order; a task shows those its records have.
    public static let all: [MetricColumn] = [
        MetricColumn(name: "token_f1", higherIsBetter: true, aggregate: .mean("token_f1"), family: "plausibility"),
        MetricColumn(name: "auprc", higherIsBetter: true, aggregate: .mean("auprc"), family: "plausibility"),
        MetricColumn(name: "auroc", higherIsBetter: true, aggregate: .mean("auroc"), family: "plausibility"),
        MetricColumn(name: "iou_f1", higherIsBetter: true, aggregate: .f1OfMeans(precision: "iou_precision", recall: "iou_recall"),
                     family: "plausibility"),
        MetricColumn(name: "rationale_f1", higherIsBetter: true, aggregate: .mean("rationale_f1"), family: "plausibility"),
        MetricColumn(name: "rationale_precision", higherIsBetter: true, aggregate: .mean("rationale_precision"), family: "plausibility"),
        MetricColumn(name: "rationale_recall", higherIsBetter: true, aggregate: .mean("rationale_recall"), family: "plausibility"),
        MetricColumn(name: "comprehensiveness", higherIsBetter: true, aggregate: .mean("comprehensiveness"), family: "faithfulness"),
        MetricColumn(name: "sufficiency", higherIsBetter: false, aggregate: .mean("sufficiency"), family: "faithfulness"),
        MetricColumn(name: "tau_loo", higherIsBetter: true, aggregate: .mean("tau_loo"), family: "faithfulness"),
        MetricColumn(name: "topk_drop_1", higherIsBetter: true, aggregate: .mean("topk_drop_1"), family: "faithfulness"),
        MetricColumn(name: "topk_drop_3", higherIsBetter: true, aggregate: .mean("topk_drop_3"), family: "faithfulness"),
        MetricColumn(name: "topk_drop_5", higherIsBetter: true, aggregate: .mean("topk_drop_5"), family: "faithfulness"),
        MetricColumn(name: "lds", higherIsBetter: true, aggregate: .mean("lds"), family: "faithfulness"),
    ]
}
