/// The leaderboard as Markdown: per task a table of explainers × metrics (mean [95% CI], best in bold,
/// entries not significantly worse than the best marked ≈), passes per example, and the overall ranking.
/// Contains no wall-clock figures (those go to `timing.md`), so equal stores give equal bytes.
public enum MarkdownRenderer {
    /// The Markdown text.
    public static func render(_ board: Leaderboard, provenance: Provenance) -> String {
        var lines: [String] = ["# AttriBench leaderboard", ""]
        lines.append("Suite `\(provenance.suite)` (hash `\(provenance.suiteHash)`), commit `\(provenance.gitCommit)`, seed \(provenance.seed), \(provenance.resamples) bootstrap resamples.")
        lines.append("Cells: mean [95% bootstrap CI]; **bold** = best in the column; ≈ = not significantly different from the best (paired bootstrap, p ≥ 0.05); ↑/↓ = higher/lower is better.")
        lines.append("")
        lines.append("## Overall ranking")
        lines.append("")
        lines.append("| rank | explainer | mean rank | columns |")
        lines.append("|---:|---|---:|---:|")
        for (index, entry) in board.ranking.enumerated() {
            lines.append("| \(index + 1) | \(entry.explainer) | \(TableFormatting.number(entry.meanRank, digits: 2)) | \(entry.columns) |")
        }
        for table in board.tasks {
            lines.append("")
            lines.append("## \(table.task) (\(table.examples) examples)")
            lines.append("")
            let header = ["explainer"] + table.columns.map { "\($0.name) \(TableFormatting.arrow($0))" } + ["fwd/ex", "bwd/ex", "ok", "skipped", "failed"]
            lines.append("| " + header.joined(separator: " | ") + " |")
            lines.append("|---|" + table.columns.map { _ in "---:|" }.joined() + "---:|---:|---:|---:|---:|")
            for row in table.rows {
                var cells = [row.explainer]
                for column in table.columns {
                    guard let cell = row.cells[column.name] else { cells.append("—"); continue }
                    let text = TableFormatting.interval(cell)
                    cells.append(cell.isBest ? "**\(text)**" : cell.tiesBest ? "≈ \(text)" : text)
                }
                cells += [TableFormatting.number(row.forwardPasses, digits: 1), TableFormatting.number(row.backwardPasses, digits: 1),
                          "\(row.ok)", "\(row.skipped)", "\(row.failed)"]
                lines.append("| " + cells.joined(separator: " | ") + " |")
            }
            let skips = table.rows.compactMap { row in row.skipReason.map { "- `\(row.explainer)` skipped: \($0)" } }
            if !skips.isEmpty { lines.append(""); lines += skips }
            let trained = table.rows.compactMap { row in row.training.map {
                // A state loaded from elsewhere says so itself ("loaded from DIR: …").
                "- `\(row.explainer)` " + ($0.hasPrefix("loaded from ") ? "" : "trained ") + $0
            } }
            if !trained.isEmpty { lines.append(""); lines += trained }
            lines += pairedTests(table)
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// Per plausibility column, every explainer against the column's best: mean paired difference
    /// [95% CI] and the paired bootstrap p-value (how ExpNet's margin over the best baseline is read).
    static func pairedTests(_ table: Leaderboard.TaskTable) -> [String] {
        var lines: [String] = []
        for column in table.columns where ["rationale_f1", "token_f1", "auroc"].contains(column.name) {
            guard let best = table.rows.first(where: { $0.cells[column.name]?.isBest == true }) else { continue }
            let tests = table.rows.compactMap { row -> String? in
                guard let test = row.cells[column.name]?.versusBest else { return nil }
                return "`\(row.explainer)` \(TableFormatting.number(test.meanDifference, digits: 3)) "
                    + "[\(TableFormatting.number(test.interval.lower, digits: 3)), \(TableFormatting.number(test.interval.upper, digits: 3))] "
                    + "p = \(TableFormatting.number(test.pValue, digits: 3))"
            }
            guard !tests.isEmpty else { continue }
            if lines.isEmpty { lines += ["", "Paired bootstrap tests against the column's best (difference = row − best on common examples):", ""] }
            lines.append("- \(column.name), best `\(best.explainer)`: " + tests.joined(separator: "; "))
        }
        return lines
    }

    /// Wall-clock figures: examples/s and seconds per example per task and explainer, and the run's
    /// peak memory (nil when the tables are rendered from a store by another process).
    public static func renderTiming(_ board: Leaderboard, peakResidentMegabytes: Double?) -> String {
        let memory = peakResidentMegabytes.map { "Peak resident memory of the run: \(TableFormatting.number($0, digits: 0)) MB" }
            ?? "Peak resident memory: not known (rendered from the run store, not by the run)"
        var lines = ["# AttriBench timing (wall clock; varies between runs)", "", memory, "",
                     "| task | explainer | examples/s | seconds/example |", "|---|---|---:|---:|"]
        for table in board.tasks {
            for row in table.rows where row.ok > 0 {
                let perSecond = row.seconds > 0 ? 1 / row.seconds : 0
                lines.append("| \(table.task) | \(row.explainer) | \(TableFormatting.number(perSecond, digits: 2)) | \(TableFormatting.number(row.seconds, digits: 4)) |")
            }
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }
}
