import Foundation

/// The leaderboard as one self-contained HTML page (inline CSS and SVG; no scripts, no network): the
/// tables, a bar chart with 95% CI whiskers per task and metric, a quality-versus-throughput scatter
/// with the Pareto frontier per task, and token heatmaps of a few examples beside the human rationale.
public enum HTMLRenderer {
    /// Examples per task shown as heatmaps.
    public static let heatmapExamples = 3

    /// The page.
    public static func render(_ board: Leaderboard, records: [UnitRecord], provenance: Provenance) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>AttriBench leaderboard</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:24px;color:#212529;max-width:1200px}
            table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #dee2e6;padding:4px 8px;font-size:13px}
            th{background:#f1f3f5}td.num{text-align:right;font-variant-numeric:tabular-nums}.best{font-weight:bold;background:#fff4e6}
            .tie{background:#fff9db}.charts{display:flex;flex-wrap:wrap;gap:16px}.heat span{padding:1px 2px;margin:1px;display:inline-block;border-radius:2px}
            .rationale{text-decoration:underline;text-decoration-thickness:2px;text-decoration-color:#2b8a3e}.muted{color:#868e96;font-size:12px}
            </style></head><body>
            <h1>AttriBench leaderboard</h1>
            <p class="muted">Suite <code>\(SVGCharts.escape(provenance.suite))</code> (hash <code>\(provenance.suiteHash)</code>), commit <code>\(SVGCharts.escape(provenance.gitCommit))</code>, \(SVGCharts.escape(provenance.machine)), \(provenance.threads) threads, seed \(provenance.seed). Cells: mean [95% CI]; bold = best; shaded = not significantly different from the best.</p>
            <h2>Overall ranking</h2><table><tr><th>rank</th><th>explainer</th><th>mean rank</th></tr>
            """
        for (index, entry) in board.ranking.enumerated() {
            html += "<tr><td class=\"num\">\(index + 1)</td><td>\(SVGCharts.escape(entry.explainer))</td><td class=\"num\">\(TableFormatting.number(entry.meanRank, digits: 2))</td></tr>"
        }
        html += "</table>"
        for table in board.tasks {
            html += "<h2>\(SVGCharts.escape(table.task)) <span class=\"muted\">(\(table.examples) examples)</span></h2>"
            html += tableHTML(table)
            html += "<div class=\"charts\">"
            for column in table.columns {
                let entries = table.rows.compactMap { row in row.cells[column.name].map { (label: row.explainer, cell: $0) } }
                html += SVGCharts.bars(title: "\(column.name) \(TableFormatting.arrow(column))", entries: entries)
            }
            if let quality = table.columns.first(where: { $0.higherIsBetter && $0.family == "faithfulness" }) ?? table.columns.first {
                let points = table.rows.compactMap { row -> (label: String, throughput: Double, quality: Double)? in
                    guard let cell = row.cells[quality.name], row.seconds > 0 else { return nil }
                    return (row.explainer, 1 / row.seconds, quality.higherIsBetter ? cell.mean : -cell.mean)
                }
                html += SVGCharts.scatter(title: "\(quality.name) vs examples/s — Pareto frontier dashed", points: points)
            }
            html += "</div>" + heatmaps(task: table.task, records: records)
        }
        return html + "</body></html>\n"
    }

    static func tableHTML(_ table: Leaderboard.TaskTable) -> String {
        var html = "<table><tr><th>explainer</th>" + table.columns.map { "<th>\($0.name) \(TableFormatting.arrow($0))</th>" }.joined()
            + "<th>fwd/ex</th><th>bwd/ex</th><th>examples/s</th></tr>"
        for row in table.rows {
            html += "<tr><td>\(SVGCharts.escape(row.explainer))</td>"
            for column in table.columns {
                guard let cell = row.cells[column.name] else { html += "<td class=\"num\">—</td>"; continue }
                let style = cell.isBest ? " best" : cell.tiesBest ? " tie" : ""
                html += "<td class=\"num\(style)\">\(TableFormatting.interval(cell))</td>"
            }
            let rate = row.seconds > 0 ? TableFormatting.number(1 / row.seconds, digits: 1) : "—"
            html += "<td class=\"num\">\(TableFormatting.number(row.forwardPasses, digits: 1))</td><td class=\"num\">\(TableFormatting.number(row.backwardPasses, digits: 1))</td><td class=\"num\">\(rate)</td></tr>"
            if row.skipped > 0, let reason = row.skipReason {
                html += "<tr><td colspan=\"\(table.columns.count + 4)\" class=\"muted\">\(SVGCharts.escape(row.explainer)) skipped: \(SVGCharts.escape(reason))</td></tr>"
            }
        }
        return html + "</table>"
    }

    /// Each explainer's scores as colour over the words of the task's first examples; words of the human
    /// rationale underlined green.
    static func heatmaps(task: String, records: [UnitRecord]) -> String {
        let ok = records.filter { $0.task == task && $0.status == .ok }.sorted { $0.key < $1.key }
        let examples = Array(Set(ok.map(\.example)).sorted().prefix(heatmapExamples))
        guard !examples.isEmpty else { return "" }
        var html = "<h3>Examples</h3>"
        for example in examples {
            html += "<p class=\"muted\">example \(SVGCharts.escape(example))</p><table>"
            for record in ok where record.example == example {
                let scale = max(record.scores.map { abs(Double($0)) }.max() ?? 0, 1e-12)
                html += "<tr><td>\(SVGCharts.escape(record.explainer))</td><td class=\"heat\">"
                for (index, word) in record.features.enumerated() {
                    let value = Double(record.scores[index]) / scale
                    let colour = value >= 0 ? "rgba(217,72,15,\(TableFormatting.number(value, digits: 2)))" : "rgba(76,110,245,\(TableFormatting.number(-value, digits: 2)))"
                    let underline = (record.rationale?[index] ?? 0) != 0 ? " class=\"rationale\"" : ""
                    html += "<span\(underline) style=\"background:\(colour)\">\(SVGCharts.escape(word))</span>"
                }
                html += "</td></tr>"
            }
            html += "</table>"
        }
        return html
    }
}
