/// The leaderboard as CSV: one line per (task, explainer, metric), no wall-clock figures.
public enum CSVRenderer {
    /// The CSV text with a header line.
    public static func render(_ board: Leaderboard) -> String {
        var lines = ["task,explainer,metric,higher_is_better,mean,ci_lower,ci_upper,examples,best,ties_best"]
        for table in board.tasks {
            for row in table.rows {
                for column in table.columns {
                    guard let cell = row.cells[column.name] else { continue }
                    lines.append([table.task, row.explainer, column.name, "\(column.higherIsBetter)",
                                  TableFormatting.number(cell.mean, digits: 6), TableFormatting.number(cell.lower, digits: 6),
                                  TableFormatting.number(cell.upper, digits: 6), "\(cell.count)", "\(cell.isBest)", "\(cell.tiesBest)"]
                        .map(escape).joined(separator: ","))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Quotes a field holding a comma, quote or newline.
    static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
